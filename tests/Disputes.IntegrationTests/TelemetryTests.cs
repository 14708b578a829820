using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Disputes.Application.Telemetry;

namespace Disputes.IntegrationTests;

/// <summary>The service's own spans and meters, seen by in-process listeners as an OpenTelemetry SDK would see them.</summary>
[TestFixture]
public class TelemetryTests
{
    [Test]
    public async Task Filing_a_complaint_is_traced_inside_its_request_and_counted()
    {
        var spans = new ConcurrentQueue<Activity>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DisputesTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == DisputesTelemetry.Name) listener.EnableMeasurementEvents(instrument); },
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) where T : struct =>
            measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        meters.SetMeasurementEventCallback<long>(Record);
        meters.SetMeasurementEventCallback<double>(Record);
        meters.Start();

        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        var filed = await app.ClientAs("buyer-wei").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-1035", itemIds = new[] { "ORD-1035-1" }, category = "fraud", description = "The seller asked me to pay outside the site." });
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Created), await filed.Content.ReadAsStringAsync());
        var refused = await app.ClientAs("buyer-wei").PostAsJsonAsync("/api/complaints", new { orderId = "ORD-1035", itemIds = new[] { "ORD-1035-1" }, category = "no-such", description = "x" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        meters.RecordObservableInstruments();

        var span = spans.First(s => s.Source.Name == DisputesTelemetry.Name && s.OperationName == "FileComplaint" && s.Status != ActivityStatusCode.Error);
        Assert.That(span.Parent?.Source.Name, Is.EqualTo("Microsoft.AspNetCore"), "the use case span sits inside its HTTP request span");
        Assert.That(spans.Any(s => s.OperationName == "FileComplaint" && s.Status == ActivityStatusCode.Error), Is.True, "the refused filing is an error span");
        Assert.That(measurements.Any(m => m.Instrument == "disputes.complaints.filed" && (string?)m.Tags["category"] == "fraud" && (bool?)m.Tags["attached"] == false), Is.True);
        var durations = measurements.Where(m => m.Instrument == "disputes.use_case.duration" && (string?)m.Tags["use_case"] == "FileComplaint").ToList();
        Assert.That(durations.Select(d => (string?)d.Tags["result"]), Is.SupersetOf(new[] { "ok", "DomainRuleException" }));
        Assert.That(durations.All(d => d.Value > 0), Is.True);
    }
}
