using Disputes.Application.Complaints;
using Disputes.Domain.Complaints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Disputes.Persistence.Complaints;

/// <summary>
/// One open staff task of a case with the case's fields the queues filter on (category, order value, language,
/// filing date): the queues count, filter and page one table with its own indexes instead of joining every open
/// bookmark with its case. Kept by database triggers on <c>wf_bookmarks</c> (<see cref="CaseTaskProjection"/>), so
/// every path that opens, assigns or closes a task keeps it exact, the runtime's commits and SQL run by hand alike.
/// </summary>
public sealed class CaseTaskRow
{
    /// <summary>Order of arrival; the last key of the queue's order, so a page can continue after a row (keyset paging).</summary>
    public long Seq { get; set; }
    public Guid TaskId { get; set; }
    public Guid CaseId { get; set; }
    public Guid InstanceId { get; set; }
    public string ActivityId { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Assignee { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The due time, or <see cref="CaseTaskProjection.NoDeadline"/> for a task without one: the queue's first sort key.</summary>
    public DateTimeOffset SortAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Number { get; set; } = "";
    public ComplaintCategory Category { get; set; }
    public decimal AmountPaid { get; set; }
    public string Currency { get; set; } = "";
    public string Language { get; set; } = "";
    public DateTimeOffset FiledAt { get; set; }
}

/// <summary>The table <c>case_tasks</c>, its indexes and the triggers that keep it, per provider.</summary>
public static class CaseTaskProjection
{
    /// <summary>The sort time of a task without a deadline: after every real one.</summary>
    public static readonly DateTimeOffset NoDeadline = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] LeadSteps = ComplaintProcess.All.Where(s => ComplaintProcess.IsEscalation(s.Id)).Select(s => s.Id).ToArray();

    /// <summary>
    /// The tasks of one staff queue (mine, unassigned in my roles, breaching soon, breached) among the caller's staff
    /// roles; the task board's queue and the filtered queue both start here.
    /// </summary>
    internal static IQueryable<CaseTaskRow> InQueue(this IQueryable<CaseTaskRow> tasks, QueueQuery query)
    {
        var roles = query.Roles.Where(r => ComplaintProcess.StaffRoles.Contains(r)).ToList();
        tasks = tasks.Where(t => roles.Contains(t.Role));
        var soon = query.Now + query.BreachingWithin;
        return query.Kind switch
        {
            QueueKind.Mine => tasks.Where(t => t.Assignee == query.UserId),
            QueueKind.Unassigned => tasks.Where(t => t.Assignee == null),
            QueueKind.BreachingSoon => tasks.Where(t => (t.Assignee == query.UserId || t.Assignee == null) && t.DueAt != null && t.DueAt > query.Now && t.DueAt <= soon),
            // Breached: the deadline passed, or the task is a lead's because a deadline passed.
            _ => tasks.Where(t => (t.Assignee == query.UserId || t.Assignee == null) && ((t.DueAt != null && t.DueAt <= query.Now) || LeadSteps.Contains(t.ActivityId))),
        };
    }

    internal static CaseTask ToTask(CaseTaskRow t) =>
        new(t.TaskId, t.InstanceId, t.CaseId.ToString(), t.ActivityId, t.Role, t.Assignee, t.DueAt, t.CreatedAt) { AssignedAt = t.AssignedAt };

    internal static void Configure(ModelBuilder modelBuilder, bool sqlite) => modelBuilder.Entity<CaseTaskRow>(e =>
    {
        e.ToTable("case_tasks");
        e.HasKey(x => x.Seq);
        e.Property(x => x.Seq).ValueGeneratedOnAdd();
        e.HasIndex(x => x.TaskId).IsUnique();
        e.HasIndex(x => x.CaseId);
        e.Property(x => x.ActivityId).HasMaxLength(200);
        e.Property(x => x.Role).HasMaxLength(100);
        e.Property(x => x.Assignee).HasMaxLength(200);
        e.Property(x => x.Number).HasMaxLength(20);
        e.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.AmountPaid).HasPrecision(18, 2);
        e.Property(x => x.Currency).HasMaxLength(3);
        e.Property(x => x.Language).HasMaxLength(5);
        // Mine / unassigned in queue order; the same with a category (the lead's filtered view). On PostgreSQL the
        // first carries every column a queue or the team view filters on, so their exact totals are counted from the
        // index alone (an index-only scan), not from tens of thousands of table rows.
        var byHolder = e.HasIndex(x => new { x.Assignee, x.SortAt, x.Seq });
        if (!sqlite) byHolder.IncludeProperties(x => new { x.Role, x.ActivityId, x.DueAt, x.Category, x.AmountPaid, x.Language, x.FiledAt });
        e.HasIndex(x => new { x.Assignee, x.Category, x.SortAt });
        // Breaching soon / breached across holders; the team view by holder and since when, and by role and step.
        e.HasIndex(x => new { x.SortAt, x.Seq });
        e.HasIndex(x => new { x.Assignee, x.AssignedAt, x.Seq });
        // With the holder last, so that a count of one step's unassigned tasks is a narrow range even under a
        // generic plan (prepared statements), which does not know the step it is asked for.
        e.HasIndex(x => new { x.Role, x.ActivityId, x.Assignee });
    });

    private const string Columns = """
        "TaskId", "CaseId", "InstanceId", "ActivityId", "Role", "Assignee", "AssignedAt", "DueAt", "SortAt", "CreatedAt",
        "Number", "Category", "AmountPaid", "Currency", "Language", "FiledAt"
        """;

    /// <summary>
    /// A party's step (settle, answer an information request, appeal) is in no staff queue, so the projection holds
    /// staff tasks only (migration <c>CaseTasksStaffOnly</c>): before it, every party step was written to the
    /// projection's table and its eight indexes when it opened and deleted when it closed, for no reader. 'party' is
    /// <c>ComplaintProcess.PartyRole</c>.
    /// </summary>
    private const string StaffTask = """NEW."Role" IS NOT NULL AND NEW."Role" <> 'party' AND NEW."ConsumedAt" IS NULL""";
    private const string AnyRoleTask = """NEW."Role" IS NOT NULL AND NEW."ConsumedAt" IS NULL""";

    /// <summary>PostgreSQL: the trigger function on wf_bookmarks that keeps the tasks matching <paramref name="kept"/>.</summary>
    private static string PostgresKeepFunction(string kept) => $$"""
        CREATE OR REPLACE FUNCTION case_tasks_keep() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM case_tasks WHERE "TaskId" = OLD."Id";
                RETURN NULL;
            END IF;
            IF TG_OP = 'UPDATE' THEN
                IF NOT ({{kept}}) THEN
                    DELETE FROM case_tasks WHERE "TaskId" = NEW."Id";
                ELSIF (OLD."Assignee", OLD."AssignedAt", OLD."DueAt", OLD."Role", OLD."ActivityId")
                      IS DISTINCT FROM (NEW."Assignee", NEW."AssignedAt", NEW."DueAt", NEW."Role", NEW."ActivityId") THEN
                    UPDATE case_tasks SET "Assignee" = NEW."Assignee", "AssignedAt" = NEW."AssignedAt", "DueAt" = NEW."DueAt",
                        "SortAt" = COALESCE(NEW."DueAt", '{{NoDeadline:O}}'::timestamptz), "Role" = NEW."Role", "ActivityId" = NEW."ActivityId"
                    WHERE "TaskId" = NEW."Id";
                END IF;
                RETURN NULL;
            END IF;
            -- Only a case's tasks: a correlation id that is a case id (other workflows may use any text).
            IF {{kept}}
               AND NEW."CorrelationId" ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
                INSERT INTO case_tasks ({{Columns}})
                SELECT NEW."Id", c."Id", NEW."InstanceId", NEW."ActivityId", NEW."Role", NEW."Assignee", NEW."AssignedAt", NEW."DueAt",
                       COALESCE(NEW."DueAt", '{{NoDeadline:O}}'::timestamptz), NEW."CreatedAt",
                       c."Number", c."Category", c."AmountPaid", c."Currency", c."Language", c."FiledAt"
                FROM complaints c WHERE c."Id" = NEW."CorrelationId"::uuid;
            END IF;
            RETURN NULL;
        END $fn$;
        """;

    /// <summary>PostgreSQL: the backfill of the open tasks whose bookmark matches <paramref name="kept"/> (on <c>b</c>).</summary>
    private static string PostgresBackfill(string kept) => $"""
        INSERT INTO case_tasks ({Columns})
        SELECT b."Id", c."Id", b."InstanceId", b."ActivityId", b."Role", b."Assignee", b."AssignedAt", b."DueAt",
               COALESCE(b."DueAt", '{NoDeadline:O}'::timestamptz), b."CreatedAt",
               c."Number", c."Category", c."AmountPaid", c."Currency", c."Language", c."FiledAt"
        FROM wf_bookmarks b JOIN complaints c ON c."Id"::text = b."CorrelationId"
        WHERE {kept.Replace("NEW.", "b.")} AND NOT EXISTS (SELECT 1 FROM case_tasks t WHERE t."TaskId" = b."Id")
        ORDER BY b."CreatedAt";
        """;

    /// <summary>PostgreSQL: one trigger function on wf_bookmarks, and the backfill of the tasks open now (the first version, every role).</summary>
    public static readonly string PostgresUp = PostgresKeepFunction(AnyRoleTask) + """
        CREATE TRIGGER wf_bookmarks_case_tasks AFTER INSERT OR UPDATE OR DELETE ON wf_bookmarks
            FOR EACH ROW EXECUTE FUNCTION case_tasks_keep();

        """ + PostgresBackfill(AnyRoleTask);

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS wf_bookmarks_case_tasks ON wf_bookmarks;
        DROP FUNCTION IF EXISTS case_tasks_keep();
        """;

    /// <summary>PostgreSQL: staff tasks only; the party steps already projected are removed.</summary>
    public static readonly string StaffOnlyPostgresUp = PostgresKeepFunction(StaffTask) + """
        DELETE FROM case_tasks WHERE "Role" = 'party';
        """;

    /// <summary>PostgreSQL: back to every role, with the open party steps projected again.</summary>
    public static readonly string StaffOnlyPostgresDown = PostgresKeepFunction(AnyRoleTask) + PostgresBackfill(AnyRoleTask);

    /// <summary>The sort time of a task without a deadline as SQLite stores it (a 64-bit number).</summary>
    private static long SqliteNoDeadline => (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(NoDeadline)!;

    /// <summary>SQLite: three triggers that keep the tasks matching <paramref name="kept"/> (a Guid is upper-case text there; a time a 64-bit number, see the SQLite context).</summary>
    private static string SqliteTriggers(string kept)
    {
        var none = SqliteNoDeadline;
        return $"""
            CREATE TRIGGER wf_bookmarks_case_tasks_insert AFTER INSERT ON wf_bookmarks
            WHEN {kept} AND NEW."CorrelationId" IS NOT NULL
            BEGIN
                INSERT INTO case_tasks ({Columns})
                SELECT NEW."Id", c."Id", NEW."InstanceId", NEW."ActivityId", NEW."Role", NEW."Assignee", NEW."AssignedAt", NEW."DueAt",
                       COALESCE(NEW."DueAt", {none}), NEW."CreatedAt",
                       c."Number", c."Category", c."AmountPaid", c."Currency", c."Language", c."FiledAt"
                FROM complaints c WHERE c."Id" = upper(NEW."CorrelationId");
            END;
            CREATE TRIGGER wf_bookmarks_case_tasks_update AFTER UPDATE ON wf_bookmarks
            BEGIN
                DELETE FROM case_tasks WHERE "TaskId" = NEW."Id" AND NOT ({kept});
                UPDATE case_tasks SET "Assignee" = NEW."Assignee", "AssignedAt" = NEW."AssignedAt", "DueAt" = NEW."DueAt",
                    "SortAt" = COALESCE(NEW."DueAt", {none}), "Role" = NEW."Role", "ActivityId" = NEW."ActivityId"
                WHERE "TaskId" = NEW."Id" AND {kept};
            END;
            CREATE TRIGGER wf_bookmarks_case_tasks_delete AFTER DELETE ON wf_bookmarks
            BEGIN
                DELETE FROM case_tasks WHERE "TaskId" = OLD."Id";
            END;

            """;
    }

    /// <summary>SQLite: the backfill of the open tasks whose bookmark matches <paramref name="kept"/> (on <c>b</c>).</summary>
    private static string SqliteBackfill(string kept)
    {
        var none = SqliteNoDeadline;
        return $"""
            INSERT INTO case_tasks ({Columns})
            SELECT b."Id", c."Id", b."InstanceId", b."ActivityId", b."Role", b."Assignee", b."AssignedAt", b."DueAt",
                   COALESCE(b."DueAt", {none}), b."CreatedAt",
                   c."Number", c."Category", c."AmountPaid", c."Currency", c."Language", c."FiledAt"
            FROM wf_bookmarks b JOIN complaints c ON c."Id" = upper(b."CorrelationId")
            WHERE {kept.Replace("NEW.", "b.")} AND NOT EXISTS (SELECT 1 FROM case_tasks t WHERE t."TaskId" = b."Id")
            ORDER BY b."CreatedAt";
            """;
    }

    /// <summary>SQLite: three triggers, and the backfill of the tasks open now (the first version, every role).</summary>
    public static string SqliteUp => SqliteTriggers(AnyRoleTask) + SqliteBackfill(AnyRoleTask);

    /// <summary>SQLite: staff tasks only; the party steps already projected are removed.</summary>
    public static string StaffOnlySqliteUp => SqliteDown + SqliteTriggers(StaffTask) + """
        DELETE FROM case_tasks WHERE "Role" = 'party';
        """;

    /// <summary>SQLite: back to every role, with the open party steps projected again.</summary>
    public static string StaffOnlySqliteDown => SqliteDown + SqliteTriggers(AnyRoleTask) + SqliteBackfill(AnyRoleTask);

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS wf_bookmarks_case_tasks_insert;
        DROP TRIGGER IF EXISTS wf_bookmarks_case_tasks_update;
        DROP TRIGGER IF EXISTS wf_bookmarks_case_tasks_delete;
        """;
}
