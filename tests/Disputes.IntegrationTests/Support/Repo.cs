namespace Disputes.IntegrationTests.Support;

/// <summary>Paths in the repository the tests run from. Linked into the browser tests too.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Disputes.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root (Disputes.sln) not found.");
        }
    }

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string Reference => Path.Combine(Root, "reference");

    /// <summary>Where browser tests save their screenshots (collected with the test results).</summary>
    public static string Screenshots => Path.Combine(Root, ".test-results", "screenshots");

    /// <summary>A copy of <c>workflows/</c> plus extra definition files, for tests that need definitions of their own.</summary>
    public static string WorkflowsWith(params (string File, string Json)[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("disputes-defs").FullName;
        foreach (var file in Directory.EnumerateFiles(Workflows, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(dir, Path.GetRelativePath(Workflows, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var (file, json) in extra) File.WriteAllText(Path.Combine(dir, file), json);
        return dir;
    }
}
