"""Database triggers that refuse UPDATE and DELETE (and TRUNCATE) on journal entries.

The ORM already refuses; the triggers also stop raw SQL from the application's own
connection. Someone with rights to drop a trigger can still edit rows: that is what the
hash chain and ``manage.py verify_journal`` are for.
"""

from __future__ import annotations

PG_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_journal_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the journal is append-only: % refused on audit_journalentry', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """CREATE OR REPLACE TRIGGER audit_journal_append_only
       BEFORE UPDATE OR DELETE ON audit_journalentry
       FOR EACH ROW EXECUTE FUNCTION audit_journal_refuse_change();""",
    """CREATE OR REPLACE TRIGGER audit_journal_no_truncate
       BEFORE TRUNCATE ON audit_journalentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_journal_refuse_change();""",
]
PG_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_journal_no_truncate ON audit_journalentry;",
    "DROP TRIGGER IF EXISTS audit_journal_append_only ON audit_journalentry;",
]
SQLITE_INSTALL = [
    """CREATE TRIGGER IF NOT EXISTS audit_journal_no_update BEFORE UPDATE ON audit_journalentry
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE refused on audit_journalentry'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_journal_no_delete BEFORE DELETE ON audit_journalentry
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: DELETE refused on audit_journalentry'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_journal_no_update;",
    "DROP TRIGGER IF EXISTS audit_journal_no_delete;",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return PG_INSTALL if install else PG_REMOVE
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    return []


def install_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def remove_triggers(connection) -> None:
    """Only for tearing down a whole test database; never used by the application."""
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)
