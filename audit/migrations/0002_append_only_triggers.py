"""Database triggers that refuse UPDATE and DELETE on journal entries.

The ORM already refuses; these also stop raw SQL from the application's own connection.
Someone with rights to drop the trigger can still edit rows, which is what the hash chain
and ``verify_journal`` are for.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_journal_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % refused on audit_journalentry', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_journal_append_only
    BEFORE UPDATE OR DELETE ON audit_journalentry
    FOR EACH ROW EXECUTE FUNCTION audit_journal_refuse_change();
CREATE TRIGGER audit_journal_no_truncate
    BEFORE TRUNCATE ON audit_journalentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_journal_refuse_change();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_journal_no_truncate ON audit_journalentry;
DROP TRIGGER IF EXISTS audit_journal_append_only ON audit_journalentry;
DROP FUNCTION IF EXISTS audit_journal_refuse_change();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER audit_journal_no_update BEFORE UPDATE ON audit_journalentry
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE refused on audit_journalentry'); END;""",
    """CREATE TRIGGER audit_journal_no_delete BEFORE DELETE ON audit_journalentry
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE refused on audit_journalentry'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_journal_no_update;",
    "DROP TRIGGER IF EXISTS audit_journal_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
