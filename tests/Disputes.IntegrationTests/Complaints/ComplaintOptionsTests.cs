using Microsoft.Extensions.Options;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>The configuration cannot undercut DSA Art. 20: the internal complaint window for restrictions and notices is at least six months.</summary>
public sealed class ComplaintOptionsTests
{
    [Test]
    public async Task An_appeal_window_below_six_months_for_restrictions_stops_start_up()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var ex = Assert.CatchAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(database, settings: new() { ["Complaints:AppealWindowRestriction"] = "P5M" });
        });
        Assert.That(ex, Is.InstanceOf<OptionsValidationException>().Or.InnerException.InstanceOf<OptionsValidationException>());
        Assert.That(ex!.ToString(), Does.Contain("at least six months"));
    }
}
