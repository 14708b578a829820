namespace Disputes.Persistence.Complaints;

/// <summary>
/// Per-person counters of open assigned staff tasks (migrations <c>StaffLoads</c>, then <c>StaffLoadsStaffTasksOnly</c>):
/// <c>staff_loads</c> holds, for each person, how many bookmarks they hold that are open staff tasks ("Role" IS NOT
/// NULL AND "Role" &lt;&gt; 'party' AND "ConsumedAt" IS NULL; 'party' is <c>ComplaintProcess.PartyRole</c>). A trigger on
/// <c>wf_bookmarks</c> keeps it exact whoever writes the bookmarks: the runtime's commits, claim, release and
/// reassign, cancellation, instance migration, or someone going around the application with SQL. The table has no
/// EF entity; <see cref="EfStaffLoads"/> reads it with SQL.
/// </summary>
/// <remarks>
/// When one statement moves a task from one holder to another, the two counter rows are changed in the order of
/// their ids (byte order), so two reassignments in opposite directions never wait on each other crosswise.
/// SQLite rebuilds a table to alter a column, which drops its triggers: a later SQLite migration that rebuilds
/// <c>wf_bookmarks</c> must create these triggers again (<see cref="StaffTasksOnlySqliteTriggers"/>).
/// A party's step (settle, answer an information request, appeal) is never chosen by assignment, so it is not counted:
/// counting it made every transition of a seller's cases update that seller's one row and wait on it until commit,
/// which serialised a busy seller's whole workload (the first version, <see cref="PostgresUp"/>, counted them).
/// </remarks>
internal static class StaffLoadsSql
{
    public const string PostgresUp = """
        CREATE TABLE staff_loads (
            person_id text PRIMARY KEY,
            open_tasks integer NOT NULL DEFAULT 0
        );
        CREATE FUNCTION staff_loads_follow_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_holder text;
            new_holder text;
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD."Role" IS NOT NULL AND OLD."ConsumedAt" IS NULL THEN old_holder := OLD."Assignee"; END IF;
            IF TG_OP <> 'DELETE' AND NEW."Role" IS NOT NULL AND NEW."ConsumedAt" IS NULL THEN new_holder := NEW."Assignee"; END IF;
            IF old_holder IS NOT DISTINCT FROM new_holder THEN
                RETURN NULL; -- nothing that counts changed
            END IF;
            -- The smaller id first: two moves in opposite directions lock the two rows in the same order.
            IF new_holder IS NOT NULL AND (old_holder IS NULL OR new_holder COLLATE "C" < old_holder COLLATE "C") THEN
                INSERT INTO staff_loads AS s (person_id, open_tasks) VALUES (new_holder, 1)
                    ON CONFLICT (person_id) DO UPDATE SET open_tasks = s.open_tasks + 1;
                new_holder := NULL;
            END IF;
            IF old_holder IS NOT NULL THEN
                UPDATE staff_loads SET open_tasks = open_tasks - 1 WHERE person_id = old_holder;
            END IF;
            IF new_holder IS NOT NULL THEN
                INSERT INTO staff_loads AS s (person_id, open_tasks) VALUES (new_holder, 1)
                    ON CONFLICT (person_id) DO UPDATE SET open_tasks = s.open_tasks + 1;
            END IF;
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER wf_bookmarks_staff_loads AFTER INSERT OR DELETE OR UPDATE OF "Assignee", "ConsumedAt", "Role" ON wf_bookmarks
            FOR EACH ROW EXECUTE FUNCTION staff_loads_follow_tasks();
        INSERT INTO staff_loads (person_id, open_tasks)
            SELECT "Assignee", count(*) FROM wf_bookmarks
            WHERE "Assignee" IS NOT NULL AND "Role" IS NOT NULL AND "ConsumedAt" IS NULL
            GROUP BY "Assignee";
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads ON wf_bookmarks;
        DROP FUNCTION IF EXISTS staff_loads_follow_tasks();
        DROP TABLE IF EXISTS staff_loads;
        """;

    /// <summary>The counters' triggers on SQLite (one writer at a time, so the order of the two rows does not matter).</summary>
    public const string SqliteTriggers = """
        CREATE TRIGGER wf_bookmarks_staff_loads_insert AFTER INSERT ON wf_bookmarks
        WHEN NEW."Assignee" IS NOT NULL AND NEW."Role" IS NOT NULL AND NEW."ConsumedAt" IS NULL
        BEGIN
            INSERT INTO staff_loads (person_id, open_tasks) VALUES (NEW."Assignee", 1)
                ON CONFLICT (person_id) DO UPDATE SET open_tasks = open_tasks + 1;
        END;
        CREATE TRIGGER wf_bookmarks_staff_loads_delete AFTER DELETE ON wf_bookmarks
        WHEN OLD."Assignee" IS NOT NULL AND OLD."Role" IS NOT NULL AND OLD."ConsumedAt" IS NULL
        BEGIN
            UPDATE staff_loads SET open_tasks = open_tasks - 1 WHERE person_id = OLD."Assignee";
        END;
        CREATE TRIGGER wf_bookmarks_staff_loads_update AFTER UPDATE OF "Assignee", "ConsumedAt", "Role" ON wf_bookmarks
        WHEN (CASE WHEN OLD."Role" IS NOT NULL AND OLD."ConsumedAt" IS NULL THEN OLD."Assignee" END)
            IS NOT (CASE WHEN NEW."Role" IS NOT NULL AND NEW."ConsumedAt" IS NULL THEN NEW."Assignee" END)
        BEGIN
            UPDATE staff_loads SET open_tasks = open_tasks - 1
                WHERE person_id = (CASE WHEN OLD."Role" IS NOT NULL AND OLD."ConsumedAt" IS NULL THEN OLD."Assignee" END);
            INSERT INTO staff_loads (person_id, open_tasks)
                SELECT NEW."Assignee", 1 WHERE NEW."Assignee" IS NOT NULL AND NEW."Role" IS NOT NULL AND NEW."ConsumedAt" IS NULL
                ON CONFLICT (person_id) DO UPDATE SET open_tasks = open_tasks + 1;
        END;
        """;

    public const string SqliteUp = """
        CREATE TABLE staff_loads (
            person_id TEXT NOT NULL PRIMARY KEY,
            open_tasks INTEGER NOT NULL DEFAULT 0
        );
        """ + SqliteTriggers + """
        INSERT INTO staff_loads (person_id, open_tasks)
            SELECT "Assignee", count(*) FROM wf_bookmarks
            WHERE "Assignee" IS NOT NULL AND "Role" IS NOT NULL AND "ConsumedAt" IS NULL
            GROUP BY "Assignee";
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_update;
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_delete;
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_insert;
        DROP TABLE IF EXISTS staff_loads;
        """;

    /// <summary>The staff-only rule: the tasks that assignment chooses holders for (<c>ComplaintProcess.StaffRoles</c>).</summary>
    private const string CountsPostgres = """("Role" IS NOT NULL AND "Role" <> 'party' AND "ConsumedAt" IS NULL)""";

    /// <summary>Migration <c>StaffLoadsStaffTasksOnly</c>: the trigger counts staff tasks only, and the counters are recounted.</summary>
    public const string StaffTasksOnlyPostgresUp = """
        CREATE OR REPLACE FUNCTION staff_loads_follow_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_holder text;
            new_holder text;
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD."Role" IS NOT NULL AND OLD."Role" <> 'party' AND OLD."ConsumedAt" IS NULL THEN old_holder := OLD."Assignee"; END IF;
            IF TG_OP <> 'DELETE' AND NEW."Role" IS NOT NULL AND NEW."Role" <> 'party' AND NEW."ConsumedAt" IS NULL THEN new_holder := NEW."Assignee"; END IF;
            IF old_holder IS NOT DISTINCT FROM new_holder THEN
                RETURN NULL; -- nothing that counts changed
            END IF;
            -- The smaller id first: two moves in opposite directions lock the two rows in the same order.
            IF new_holder IS NOT NULL AND (old_holder IS NULL OR new_holder COLLATE "C" < old_holder COLLATE "C") THEN
                INSERT INTO staff_loads AS s (person_id, open_tasks) VALUES (new_holder, 1)
                    ON CONFLICT (person_id) DO UPDATE SET open_tasks = s.open_tasks + 1;
                new_holder := NULL;
            END IF;
            IF old_holder IS NOT NULL THEN
                UPDATE staff_loads SET open_tasks = open_tasks - 1 WHERE person_id = old_holder;
            END IF;
            IF new_holder IS NOT NULL THEN
                INSERT INTO staff_loads AS s (person_id, open_tasks) VALUES (new_holder, 1)
                    ON CONFLICT (person_id) DO UPDATE SET open_tasks = s.open_tasks + 1;
            END IF;
            RETURN NULL;
        END;
        $$;
        LOCK TABLE wf_bookmarks IN SHARE MODE;
        DELETE FROM staff_loads;
        INSERT INTO staff_loads (person_id, open_tasks)
            SELECT "Assignee", count(*) FROM wf_bookmarks
            WHERE "Assignee" IS NOT NULL AND 
        """ + CountsPostgres + """

            GROUP BY "Assignee";
        """;

    /// <summary>Back to counting party steps too (the first version's trigger and counts).</summary>
    public const string StaffTasksOnlyPostgresDown = """
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads ON wf_bookmarks;
        DROP FUNCTION IF EXISTS staff_loads_follow_tasks();
        DROP TABLE IF EXISTS staff_loads;
        """ + PostgresUp;

    private const string CountsSqliteOld = """(OLD."Role" IS NOT NULL AND OLD."Role" <> 'party' AND OLD."ConsumedAt" IS NULL)""";
    private const string CountsSqliteNew = """(NEW."Role" IS NOT NULL AND NEW."Role" <> 'party' AND NEW."ConsumedAt" IS NULL)""";

    /// <summary>The staff-only triggers on SQLite; a migration that rebuilds <c>wf_bookmarks</c> creates these again.</summary>
    public const string StaffTasksOnlySqliteTriggers = """
        CREATE TRIGGER wf_bookmarks_staff_loads_insert AFTER INSERT ON wf_bookmarks
        WHEN NEW."Assignee" IS NOT NULL AND 
        """ + CountsSqliteNew + """

        BEGIN
            INSERT INTO staff_loads (person_id, open_tasks) VALUES (NEW."Assignee", 1)
                ON CONFLICT (person_id) DO UPDATE SET open_tasks = open_tasks + 1;
        END;
        CREATE TRIGGER wf_bookmarks_staff_loads_delete AFTER DELETE ON wf_bookmarks
        WHEN OLD."Assignee" IS NOT NULL AND 
        """ + CountsSqliteOld + """

        BEGIN
            UPDATE staff_loads SET open_tasks = open_tasks - 1 WHERE person_id = OLD."Assignee";
        END;
        CREATE TRIGGER wf_bookmarks_staff_loads_update AFTER UPDATE OF "Assignee", "ConsumedAt", "Role" ON wf_bookmarks
        WHEN (CASE WHEN 
        """ + CountsSqliteOld + """
         THEN OLD."Assignee" END)
            IS NOT (CASE WHEN 
        """ + CountsSqliteNew + """
         THEN NEW."Assignee" END)
        BEGIN
            UPDATE staff_loads SET open_tasks = open_tasks - 1
                WHERE person_id = (CASE WHEN 
        """ + CountsSqliteOld + """
         THEN OLD."Assignee" END);
            INSERT INTO staff_loads (person_id, open_tasks)
                SELECT NEW."Assignee", 1 WHERE NEW."Assignee" IS NOT NULL AND 
        """ + CountsSqliteNew + """

                ON CONFLICT (person_id) DO UPDATE SET open_tasks = open_tasks + 1;
        END;
        """;

    private const string DropSqliteTriggers = """
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_update;
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_delete;
        DROP TRIGGER IF EXISTS wf_bookmarks_staff_loads_insert;
        """;

    public const string StaffTasksOnlySqliteUp = DropSqliteTriggers + StaffTasksOnlySqliteTriggers + """
        DELETE FROM staff_loads;
        INSERT INTO staff_loads (person_id, open_tasks)
            SELECT "Assignee", count(*) FROM wf_bookmarks
            WHERE "Assignee" IS NOT NULL AND 
        """ + CountsPostgres + """

            GROUP BY "Assignee";
        """;

    public const string StaffTasksOnlySqliteDown = DropSqliteTriggers + SqliteTriggers + """
        DELETE FROM staff_loads;
        INSERT INTO staff_loads (person_id, open_tasks)
            SELECT "Assignee", count(*) FROM wf_bookmarks
            WHERE "Assignee" IS NOT NULL AND "Role" IS NOT NULL AND "ConsumedAt" IS NULL
            GROUP BY "Assignee";
        """;
}
