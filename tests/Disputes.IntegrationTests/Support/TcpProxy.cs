using System.Net;
using System.Net.Sockets;

namespace Disputes.IntegrationTests.Support;

/// <summary>
/// A loopback TCP forwarder between the service and PostgreSQL that a test can cut: every open connection is reset
/// and new ones are refused until it is restored. It plays the network or the database going away.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> open = [];
    private TcpListener? listener;
    private Task accepting = Task.CompletedTask;

    private TcpProxy(IPEndPoint target)
    {
        this.target = target;
        Port = 0;
    }

    public int Port { get; private set; }

    public static TcpProxy Start(string host, int port)
    {
        var proxy = new TcpProxy(new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port));
        proxy.Listen(0);
        return proxy;
    }

    /// <summary>A connection string of <paramref name="connectionString"/>'s database, through this proxy.</summary>
    public string Through(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port, Timeout = 3 }.ToString();

    private void Listen(int port)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var current = listener;
        accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await current.AcceptTcpClientAsync(stop.Token); }
                catch { return; }
                _ = Task.Run(() => ForwardAsync(client));
            }
        });
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(target);
        }
        catch
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        lock (open) open.Add((client, server));
        var a = client.GetStream().CopyToAsync(server.GetStream());
        var b = server.GetStream().CopyToAsync(client.GetStream());
        try { await Task.WhenAny(a, b); } catch { /* cut */ }
        Close(client, server);
    }

    private void Close(TcpClient client, TcpClient server)
    {
        lock (open) open.Remove((client, server));
        try { client.Client.LingerState = new LingerOption(true, 0); } catch { /* already closed */ }
        client.Dispose();
        server.Dispose();
    }

    /// <summary>Resets every connection and refuses new ones.</summary>
    public void Cut()
    {
        listener?.Stop();
        listener = null;
        List<(TcpClient, TcpClient)> all;
        lock (open) all = [.. open];
        foreach (var (c, s) in all) Close(c, s);
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        if (listener is null) Listen(Port);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Cut();
        try { await accepting; } catch { /* stopped */ }
        stop.Dispose();
    }
}
