using System.Diagnostics;

namespace Disputes.IntegrationTests;

/// <summary>The reference data (demo users, local marketplace, catalogue, redress bodies, texts) passes its own checker.</summary>
[TestFixture]
public class ReferenceDataTests
{
    [Test]
    public async Task Reference_data_passes_check_py()
    {
        using var process = Process.Start(new ProcessStartInfo("python3", [Path.Combine(Repo.Reference, "check.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repo.Reference,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, output + errors);
        Assert.That(output, Does.StartWith("OK "));
    }
}
