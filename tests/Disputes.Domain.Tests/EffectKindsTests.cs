using System.Text.Json;
using Disputes.Domain.Outcomes;

namespace Disputes.Domain.Tests;

public sealed class EffectKindsTests
{
    [Test]
    public void Every_effect_step_of_every_definition_names_a_listed_kind()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "workflows"))) folder = folder.Parent;
        Assert.That(folder, Is.Not.Null, "the repository's workflows folder");

        var kinds = Directory.EnumerateFiles(Path.Combine(folder!.FullName, "workflows"), "*.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.TryGetProperty("activities", out var a) ? a.EnumerateArray().ToList() : [])
            .Where(a => a.TryGetProperty("effect", out var e) && e.ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("effect").GetString()!).Distinct().ToList();

        Assert.That(kinds, Is.Not.Empty);
        Assert.That(kinds, Is.SubsetOf(EffectKinds.All));
    }

    [Test]
    public void The_list_has_no_duplicates() => Assert.That(EffectKinds.All, Is.Unique);
}
