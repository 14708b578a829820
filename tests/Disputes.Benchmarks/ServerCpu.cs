using System.Globalization;
using Npgsql;

namespace Disputes.Benchmarks;

/// <summary>
/// CPU time (user + system) spent by a PostgreSQL server on this machine: the postmaster and every process it started,
/// the live ones and the ended ones it has reaped, read from <c>/proc</c>. Null when the server is not local (or not
/// on Linux). Compared across a window it is the server's CPU for that window, like the service process's own
/// <see cref="System.Diagnostics.Process.TotalProcessorTime"/>.
/// </summary>
public sealed class ServerCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc/*/stat on Linux
    private readonly int postmaster;

    private ServerCpu(int postmaster) => this.postmaster = postmaster;

    public static async Task<ServerCpu?> FindAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var backend = (int)(await command.ExecuteScalarAsync())!;
            return Stat(backend) is { } stat ? new ServerCpu(stat.ParentId) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
        {
            return null;
        }
    }

    public TimeSpan Now()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat(pid) is { } stat && (pid == postmaster || stat.ParentId == postmaster)) ticks += stat.Ticks;
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The parent and the CPU ticks (own and reaped children's, user and system) of a process; null once it has gone.</summary>
    private static (int ParentId, double Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // Fields after the command name (which may hold spaces, in parentheses): state, ppid, ... utime (14), stime,
        // cutime, cstime (17), counted from 1 over the whole line.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        double Field(int n) => double.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), Field(14) + Field(15) + Field(16) + Field(17));
    }
}
