using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>
/// One outcome kind or one cited clause of one decision (<c>case_decision_terms</c>), with the decision's category,
/// time and case number, so that a search by outcome or clause is a range of an index, counted from the index alone
/// and read in search order. Kept by triggers on <c>case_decisions</c> (see <see cref="DecisionTerms"/>).
/// </summary>
public sealed class DecisionTermRow
{
    public Guid ComplaintId { get; set; }
    public int Number { get; set; }

    /// <summary><see cref="DecisionTerms.Outcome"/> or <see cref="DecisionTerms.Clause"/>.</summary>
    public string Facet { get; set; } = "";

    public string Value { get; set; } = "";
    public string Category { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
    public string CaseNumber { get; set; } = "";
}

/// <summary>The table <c>case_decision_terms</c>, its indexes and the triggers that keep it, per provider (ADR 0011).</summary>
public static class DecisionTerms
{
    public const string Outcome = "outcome";
    public const string Clause = "clause";

    internal static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<DecisionTermRow>(e =>
    {
        e.ToTable("case_decision_terms");
        e.HasKey(x => new { x.ComplaintId, x.Number, x.Facet, x.Value });
        e.Property(x => x.Facet).HasMaxLength(10);
        e.Property(x => x.Value).HasMaxLength(1000);
        e.Property(x => x.Category).HasMaxLength(40);
        e.Property(x => x.CaseNumber).HasMaxLength(20);
        // Each leads with what a search always fixes (facet and value, then the category when it is given), then the
        // search order (newest first, case number, decision number): under a generic plan (prepared statements) the
        // total is a count of one narrow index range and a page the first rows of it.
        e.HasIndex(x => new { x.Facet, x.Value, x.Category, x.DecidedAt, x.CaseNumber, x.Number }).IsDescending(false, false, false, true, false, false);
        e.HasIndex(x => new { x.Facet, x.Value, x.DecidedAt, x.CaseNumber, x.Number }).IsDescending(false, false, true, false, false);
    });

    private const string Columns = "\"ComplaintId\", \"Number\", \"Facet\", \"Value\", \"Category\", \"DecidedAt\", \"CaseNumber\"";

    /// <summary>The terms of the decision rows of <paramref name="rows"/> (PostgreSQL): each non-empty item of the two lists, once.</summary>
    private static string PostgresTermsOf(string rows) => $"""
        SELECT DISTINCT r."ComplaintId", r."Number", f.facet, v.value, r."Category", r."DecidedAt", r."CaseNumber"
        FROM {rows} r
        CROSS JOIN LATERAL (VALUES ('{Outcome}', r."OutcomeKinds"), ('{Clause}', r."Clauses")) f(facet, list)
        CROSS JOIN LATERAL unnest(string_to_array(f.list, ',')) v(value)
        WHERE v.value <> ''
        """;

    /// <summary>
    /// PostgreSQL: statement triggers with transition tables (a bulk insert of a million decisions fills the terms in
    /// one statement, a single decision costs one small statement), and the backfill of the decisions stored now.
    /// </summary>
    public static readonly string PostgresUp = $$"""
        CREATE OR REPLACE FUNCTION case_decision_terms_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO case_decision_terms ({{Columns}})
            {{PostgresTermsOf("new_rows")}};
            RETURN NULL;
        END $fn$;
        CREATE OR REPLACE FUNCTION case_decision_terms_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            -- Only rows whose lists, category, time or case number changed (a status change keeps its terms).
            DELETE FROM case_decision_terms t USING old_rows o
            WHERE t."ComplaintId" = o."ComplaintId" AND t."Number" = o."Number"
              AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n."ComplaintId" = o."ComplaintId" AND n."Number" = o."Number"
                              AND (n."OutcomeKinds", n."Clauses", n."Category", n."DecidedAt", n."CaseNumber") IS NOT DISTINCT FROM (o."OutcomeKinds", o."Clauses", o."Category", o."DecidedAt", o."CaseNumber"));
            INSERT INTO case_decision_terms ({{Columns}})
            {{PostgresTermsOf("""
                (SELECT n.* FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o."ComplaintId" = n."ComplaintId" AND o."Number" = n."Number"
                    AND (o."OutcomeKinds", o."Clauses", o."Category", o."DecidedAt", o."CaseNumber") IS NOT DISTINCT FROM (n."OutcomeKinds", n."Clauses", n."Category", n."DecidedAt", n."CaseNumber")))
                """)}}
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $fn$;
        CREATE OR REPLACE FUNCTION case_decision_terms_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            DELETE FROM case_decision_terms t USING old_rows o WHERE t."ComplaintId" = o."ComplaintId" AND t."Number" = o."Number";
            RETURN NULL;
        END $fn$;
        CREATE OR REPLACE FUNCTION case_decision_terms_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            DELETE FROM case_decision_terms;
            RETURN NULL;
        END $fn$;
        CREATE TRIGGER case_decisions_terms_insert AFTER INSERT ON case_decisions
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_decision_terms_inserted();
        CREATE TRIGGER case_decisions_terms_update AFTER UPDATE ON case_decisions
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_decision_terms_updated();
        CREATE TRIGGER case_decisions_terms_delete AFTER DELETE ON case_decisions
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_decision_terms_deleted();
        CREATE TRIGGER case_decisions_terms_truncate AFTER TRUNCATE ON case_decisions
            FOR EACH STATEMENT EXECUTE FUNCTION case_decision_terms_truncated();
        INSERT INTO case_decision_terms ({{Columns}})
        {{PostgresTermsOf("case_decisions")}};
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS case_decisions_terms_insert ON case_decisions;
        DROP TRIGGER IF EXISTS case_decisions_terms_update ON case_decisions;
        DROP TRIGGER IF EXISTS case_decisions_terms_delete ON case_decisions;
        DROP TRIGGER IF EXISTS case_decisions_terms_truncate ON case_decisions;
        DROP FUNCTION IF EXISTS case_decision_terms_inserted();
        DROP FUNCTION IF EXISTS case_decision_terms_updated();
        DROP FUNCTION IF EXISTS case_decision_terms_deleted();
        DROP FUNCTION IF EXISTS case_decision_terms_truncated();
        """;

    /// <summary>
    /// A stored list (<c>,a,b,</c>) as a JSON array of its items (SQLite has no split function, and a trigger may not
    /// use a recursive WITH): backslashes and quotes are escaped first, then every comma ends one string.
    /// </summary>
    private static string SqliteItems(string list) =>
        $"""json_each('["' || replace(replace(replace(trim({list}, ','), '\', '\\'), '"', '\"'), ',', '","') || '"]')""";

    private static string SqliteTermsOf(string row) => $"""
        INSERT OR IGNORE INTO case_decision_terms ({Columns})
        SELECT {row}."ComplaintId", {row}."Number", '{Outcome}', j.value, {row}."Category", {row}."DecidedAt", {row}."CaseNumber"
        FROM {SqliteItems(row + ".\"OutcomeKinds\"")} j WHERE j.value <> ''
        UNION
        SELECT {row}."ComplaintId", {row}."Number", '{Clause}', j.value, {row}."Category", {row}."DecidedAt", {row}."CaseNumber"
        FROM {SqliteItems(row + ".\"Clauses\"")} j WHERE j.value <> ''
        """;

    /// <summary>SQLite: three row triggers, and the backfill.</summary>
    public static string SqliteUp => $"""
        CREATE TRIGGER case_decisions_terms_insert AFTER INSERT ON case_decisions
        BEGIN
            {SqliteTermsOf("NEW")};
        END;
        CREATE TRIGGER case_decisions_terms_update AFTER UPDATE OF "ComplaintId", "Number", "OutcomeKinds", "Clauses", "Category", "DecidedAt", "CaseNumber" ON case_decisions
        BEGIN
            DELETE FROM case_decision_terms WHERE "ComplaintId" = OLD."ComplaintId" AND "Number" = OLD."Number";
            {SqliteTermsOf("NEW")};
        END;
        CREATE TRIGGER case_decisions_terms_delete AFTER DELETE ON case_decisions
        BEGIN
            DELETE FROM case_decision_terms WHERE "ComplaintId" = OLD."ComplaintId" AND "Number" = OLD."Number";
        END;
        {SqliteTermsOf("d").Replace("FROM json_each", "FROM case_decisions d, json_each")};
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS case_decisions_terms_insert;
        DROP TRIGGER IF EXISTS case_decisions_terms_update;
        DROP TRIGGER IF EXISTS case_decisions_terms_delete;
        """;
}
