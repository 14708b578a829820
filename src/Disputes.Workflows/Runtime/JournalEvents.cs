namespace Disputes.Workflows.Runtime;

/// <summary>The names of journal events: what the runtime writes and what readers (audit, timeline) look for.</summary>
public static class JournalEvents
{
    public const string InstanceStarted = "InstanceStarted";
    public const string InstanceFinished = "InstanceFinished";
    public const string InstanceFaulted = "InstanceFaulted";
    public const string InstanceCancelled = "InstanceCancelled";
    public const string InstanceMigrated = "InstanceMigrated";
    public const string BookmarkCreated = "BookmarkCreated";
    public const string BookmarkResumed = "BookmarkResumed";
    public const string TimerScheduled = "TimerScheduled";
    public const string TimerFired = "TimerFired";
    public const string ActivityCompleted = "ActivityCompleted";
    public const string ActivityFailed = "ActivityFailed";
    public const string ActivityFaulted = "ActivityFaulted";
    public const string ActivityCancelled = "ActivityCancelled";
    public const string JoinArrived = "JoinArrived";
    public const string IncidentRetried = "IncidentRetried";
    public const string DeadlineWarning = "DeadlineWarning";
    public const string DeadlinePassed = "DeadlinePassed";
    public const string EffectRecorded = "EffectRecorded";
    public const string NotificationRecorded = "NotificationRecorded";

    /// <summary>The instance's status as a journal event (<c>InstanceFinished</c>, <c>InstanceFaulted</c>, …).</summary>
    public static string ForStatus(InstanceStatus status) => "Instance" + status;
}
