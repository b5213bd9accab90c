using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <summary>
    /// The audit table refuses UPDATE and DELETE: the portal only ever appends, so any change or removal comes from
    /// outside it. Someone with the database can drop these triggers first; the keyed chain and the checkpoint file show
    /// what they did then. A later migration that rebuilds AuditEvents (SQLite rebuilds a table to alter a column) drops
    /// the triggers with the old table and must create them again.
    /// </summary>
    public partial class AuditAppendOnly : Migration
    {
        internal const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
        internal const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            switch (migrationBuilder.ActiveProvider)
            {
                case SqliteProvider:
                    migrationBuilder.Sql("""
                        CREATE TRIGGER "AuditEvents_NoUpdate" BEFORE UPDATE ON "AuditEvents"
                        BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only: an audit event is never updated'); END;
                        """);
                    migrationBuilder.Sql("""
                        CREATE TRIGGER "AuditEvents_NoDelete" BEFORE DELETE ON "AuditEvents"
                        BEGIN SELECT RAISE(ABORT, 'AuditEvents is append-only: an audit event is never deleted'); END;
                        """);
                    break;

                // Written for the move to PostgreSQL and not run by any test here (no server on this machine): check it
                // against a real server when the Npgsql provider comes in. TRUNCATE fires no row triggers, hence its own.
                case NpgsqlProvider:
                    migrationBuilder.Sql("""
                        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION 'AuditEvents is append-only: an audit event is never % (%)', TG_OP, TG_NAME
                                USING ERRCODE = 'insufficient_privilege';
                        END;
                        $$;
                        """);
                    migrationBuilder.Sql("""
                        CREATE TRIGGER "AuditEvents_NoUpdateOrDelete" BEFORE UPDATE OR DELETE ON "AuditEvents"
                        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
                        """);
                    migrationBuilder.Sql("""
                        CREATE TRIGGER "AuditEvents_NoTruncate" BEFORE TRUNCATE ON "AuditEvents"
                        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
                        """);
                    break;

                default:
                    throw new NotSupportedException($"The append-only audit triggers are not written for {migrationBuilder.ActiveProvider}.");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            switch (migrationBuilder.ActiveProvider)
            {
                case SqliteProvider:
                    migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_NoUpdate";""");
                    migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_NoDelete";""");
                    break;

                case NpgsqlProvider:
                    migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_NoTruncate" ON "AuditEvents";""");
                    migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEvents_NoUpdateOrDelete" ON "AuditEvents";""");
                    migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_events_append_only();");
                    break;

                default:
                    throw new NotSupportedException($"The append-only audit triggers are not written for {migrationBuilder.ActiveProvider}.");
            }
        }
    }
}
