namespace Disputes.Persistence.Compliance;

/// <summary>
/// The database's own guard of the audit trail once sealing moved off the request path (migration
/// <c>AuditSealingAndReads</c>): an entry may be updated exactly once, by the sealer, and only in its seal (sequence,
/// previous hash, hash); anything else stays refused. A new entry is always written unsealed, and tree heads are
/// append-only.
/// </summary>
internal static class AuditSealingSql
{
    public const string PostgresUp = """
        CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD."Sequence" IS NULL AND NEW."Sequence" IS NOT NULL AND OLD."Hash" = ''
               AND NEW."Id" = OLD."Id" AND NEW."At" = OLD."At" AND NEW."Actor" = OLD."Actor" AND NEW."Role" = OLD."Role"
               AND NEW."CaseId" IS NOT DISTINCT FROM OLD."CaseId" AND NEW."Action" = OLD."Action" AND NEW."Data" = OLD."Data"
               AND NEW."TxId" = OLD."TxId" AND NEW."Ordinal" = OLD."Ordinal" THEN
                RETURN NEW; -- the seal, once
            END IF;
            RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE FUNCTION audit_entries_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW."TxId" := pg_current_xact_id()::text::bigint;
            NEW."Sequence" := NULL;
            NEW."PreviousHash" := '';
            NEW."Hash" := '';
            RETURN NEW;
        END;
        $$;
        CREATE TRIGGER audit_entries_stamp BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_stamp();
        CREATE FUNCTION audit_tree_heads_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_tree_heads is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        CREATE TRIGGER audit_tree_heads_append_only BEFORE UPDATE OR DELETE ON audit_tree_heads
            FOR EACH ROW EXECUTE FUNCTION audit_tree_heads_refuse_change();
        CREATE TRIGGER audit_tree_heads_no_truncate BEFORE TRUNCATE ON audit_tree_heads
            FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_heads_refuse_change();
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS audit_tree_heads_no_truncate ON audit_tree_heads;
        DROP TRIGGER IF EXISTS audit_tree_heads_append_only ON audit_tree_heads;
        DROP FUNCTION IF EXISTS audit_tree_heads_refuse_change();
        DROP TRIGGER IF EXISTS audit_entries_stamp ON audit_entries;
        DROP FUNCTION IF EXISTS audit_entries_stamp();
        CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        """;

    /// <summary>Before the table is rebuilt (SQLite alters a column by copying the table, which drops its triggers).</summary>
    public const string SqliteDropTriggers = """
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        """;

    public const string SqliteUp = """
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        WHEN NOT (OLD."Sequence" IS NULL AND NEW."Sequence" IS NOT NULL AND OLD."Hash" = '' AND NEW."Id" IS OLD."Id" AND NEW."At" IS OLD."At"
            AND NEW."Actor" IS OLD."Actor" AND NEW."Role" IS OLD."Role" AND NEW."CaseId" IS OLD."CaseId" AND NEW."Action" IS OLD."Action"
            AND NEW."Data" IS OLD."Data" AND NEW."TxId" IS OLD."TxId" AND NEW."Ordinal" IS OLD."Ordinal")
        BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END;
        CREATE TRIGGER audit_entries_unsealed_insert BEFORE INSERT ON audit_entries WHEN NEW."Sequence" IS NOT NULL OR NEW."Hash" <> ''
        BEGIN SELECT RAISE(ABORT, 'audit_entries: an entry is written unsealed; the sealer seals it'); END;
        CREATE TRIGGER audit_tree_heads_no_update BEFORE UPDATE ON audit_tree_heads BEGIN SELECT RAISE(ABORT, 'audit_tree_heads is append-only: UPDATE refused'); END;
        CREATE TRIGGER audit_tree_heads_no_delete BEFORE DELETE ON audit_tree_heads BEGIN SELECT RAISE(ABORT, 'audit_tree_heads is append-only: DELETE refused'); END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS audit_tree_heads_no_update;
        DROP TRIGGER IF EXISTS audit_tree_heads_no_delete;
        DROP TRIGGER IF EXISTS audit_entries_unsealed_insert;
        """;

    private const string Indexes = """
        CREATE INDEX "IX_audit_entries_Action_At" ON "audit_entries" ("Action", "At");
        CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");
        CREATE INDEX "IX_audit_entries_CaseId_Sequence" ON "audit_entries" ("CaseId", "Sequence");
        CREATE INDEX "IX_audit_entries_Hash" ON "audit_entries" ("Hash");
        CREATE UNIQUE INDEX "IX_audit_entries_Sequence" ON "audit_entries" ("Sequence");
        """;

    /// <summary>The sequence becomes nullable (unsealed entries); the writing transaction and the order within it are kept.</summary>
    public const string SqliteRebuildUp = """
        CREATE TABLE "ef_temp_audit_entries" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY,
            "Action" TEXT NOT NULL,
            "Actor" TEXT NOT NULL,
            "At" INTEGER NOT NULL,
            "CaseId" TEXT NULL,
            "Data" TEXT NOT NULL,
            "Hash" TEXT NOT NULL,
            "Ordinal" INTEGER NOT NULL,
            "PreviousHash" TEXT NOT NULL,
            "Role" TEXT NOT NULL,
            "Sequence" INTEGER NULL,
            "TxId" INTEGER NOT NULL
        );
        INSERT INTO "ef_temp_audit_entries" ("Id", "Action", "Actor", "At", "CaseId", "Data", "Hash", "Ordinal", "PreviousHash", "Role", "Sequence", "TxId")
        SELECT "Id", "Action", "Actor", "At", "CaseId", "Data", "Hash", 0, "PreviousHash", "Role", "Sequence", 0 FROM "audit_entries";
        DROP TABLE "audit_entries";
        ALTER TABLE "ef_temp_audit_entries" RENAME TO "audit_entries";
        """ + Indexes + """
        CREATE INDEX "IX_audit_entries_TxId" ON "audit_entries" ("TxId");
        CREATE INDEX "IX_audit_entries_unsealed" ON "audit_entries" ("TxId", "Ordinal") WHERE "Sequence" IS NULL;
        """;

    public const string SqliteRebuildDown = """
        CREATE TABLE "ef_temp_audit_entries" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY,
            "Action" TEXT NOT NULL,
            "Actor" TEXT NOT NULL,
            "At" INTEGER NOT NULL,
            "CaseId" TEXT NULL,
            "Data" TEXT NOT NULL,
            "Hash" TEXT NOT NULL,
            "PreviousHash" TEXT NOT NULL,
            "Role" TEXT NOT NULL,
            "Sequence" INTEGER NOT NULL
        );
        INSERT INTO "ef_temp_audit_entries" ("Id", "Action", "Actor", "At", "CaseId", "Data", "Hash", "PreviousHash", "Role", "Sequence")
        SELECT "Id", "Action", "Actor", "At", "CaseId", "Data", "Hash", "PreviousHash", "Role", "Sequence" FROM "audit_entries" WHERE "Sequence" IS NOT NULL;
        DROP TABLE "audit_entries";
        ALTER TABLE "ef_temp_audit_entries" RENAME TO "audit_entries";
        """ + Indexes + """
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END;
        """;
}
