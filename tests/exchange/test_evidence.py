"""Evidence: the message log is time-stamped in batches and exported for offline checks;
the journal is anchored daily and a rewritten journal fails against the anchors."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from audit.models import JournalAnchor, JournalEntry
from audit.services import journal_record
from exchange.models import MessageLogEntry
from exchange.services import (
    journal_anchor_create,
    member_issue_credentials,
    message_log_export,
    message_log_timestamp,
)
from tests.exchange.api_helpers import ask, token_for
from tests.exchange.conftest import COMPANY_CODE, REPRESENTATION

GOOD = {"subject": COMPANY_CODE, "purpose": "opening a business account", "legal_basis": "MLTFPA § 20"}


def _root_pem(tmp_path):
    from cryptography.hazmat.primitives.serialization import Encoding

    from trust.selectors import root_certificates

    path = tmp_path / "root.pem"
    path.write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in root_certificates()))
    return path


def test_message_log_batches_and_export_verify_with_openssl(pki, bank, bank_agreement, personas, tmp_path):
    credentials = member_issue_credentials(member=bank, actor=bank.contact)
    token = token_for(credentials)
    for _ in range(3):
        assert ask(token, REPRESENTATION, GOOD).status_code == 200
    batches = message_log_timestamp(limit=2)
    assert [b.messages.count() for b in batches] == [2, 1]
    assert message_log_timestamp() == []  # idempotent
    today = timezone.localdate()
    archive = zipfile.ZipFile(
        io.BytesIO(message_log_export(member=bank, start=today, end=today, actor=personas["aud"]))
    )
    archive.extractall(tmp_path)
    root = _root_pem(tmp_path)
    for batch in batches:
        ts = subprocess.run(
            ["openssl", "ts", "-verify", "-data", f"batches/{batch.code}.txt", "-in", f"batches/{batch.code}.tsr",
             "-CAfile", str(root)],
            cwd=tmp_path, capture_output=True, text=True,
        )  # fmt: skip
        assert ts.returncode == 0 and "Verification: OK" in ts.stdout, ts.stdout + ts.stderr
    message = MessageLogEntry.objects.first()
    cms = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", f"messages/{message.code}.p7s",
         "-content", f"messages/{message.code}.json", "-CAfile", str(root), "-purpose", "any", "-out", "/dev/null"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert cms.returncode == 0, cms.stderr
    import hashlib

    body_hash = hashlib.sha256((tmp_path / f"messages/{message.code}.json").read_bytes()).hexdigest()
    assert body_hash in (tmp_path / f"batches/{message.batch.code}.txt").read_text()


def test_export_covers_only_the_period_and_member(pki, bank, bank_agreement, personas):
    credentials = member_issue_credentials(member=bank, actor=bank.contact)
    ask(token_for(credentials), REPRESENTATION, GOOD)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    archive = zipfile.ZipFile(io.BytesIO(message_log_export(member=bank, start=yesterday, end=yesterday, actor="t")))
    assert not [n for n in archive.namelist() if n.startswith("messages/")]


def _rewrite_entry(seq: int, reason: str) -> None:
    """What an administrator with database access could do: drop the triggers, edit a row,
    recompute every hash after it so the chain is consistent again, and move the head."""
    from audit.hashing import compute_hash, entry_fields
    from audit.models import JournalHead
    from audit.triggers import install_triggers, remove_triggers

    remove_triggers(connection)
    prev = None
    with connection.cursor() as cursor:
        for entry in JournalEntry.objects.order_by("seq"):
            if entry.seq == seq:
                entry.reason = reason
            if prev is not None:
                entry.prev_hash = prev
            fields = entry_fields(
                seq=entry.seq, at=entry.at, actor_id=entry.actor_id, actor_label=entry.actor_label,
                action=entry.action, subject_type=entry.subject_type, subject_id=entry.subject_id,
                from_state=entry.from_state, to_state=entry.to_state, reason=entry.reason, data=entry.data,
                prev_hash=entry.prev_hash,
            )  # fmt: skip
            entry.entry_hash = compute_hash(fields)
            table = JournalEntry._meta.db_table
            cursor.execute(
                f"UPDATE {table} SET reason=%s, prev_hash=%s, entry_hash=%s WHERE id=%s",
                [entry.reason, entry.prev_hash, entry.entry_hash, entry.pk],
            )
            prev = entry.entry_hash
    JournalHead.objects.filter(id=1).update(last_hash=prev)
    install_triggers(connection)


def test_a_rewritten_journal_fails_against_the_anchors(pki, personas, tmp_path):
    for n in range(3):
        journal_record(actor=personas["ada"], action="test_event", subject=("test.case", str(n)), reason="original")
    anchor = journal_anchor_create()
    assert anchor is not None and anchor.seq == JournalEntry.objects.count()
    assert journal_anchor_create() == anchor  # once per head
    call_command("verify_journal", stdout=io.StringIO())
    published = tmp_path / "anchors.json"
    from django.test import Client

    published.write_text(json.dumps(Client().get("/api/exchange/anchors/").json()))
    target = JournalEntry.objects.get(action="test_event", subject_id="1").seq
    _rewrite_entry(target, "rewritten")
    # The chain alone is consistent again …
    from audit.services import verify_chain

    assert verify_chain().ok
    # … but it no longer reaches the anchored hash.
    with pytest.raises(CommandError, match="anchor"):
        call_command("verify_journal", stdout=io.StringIO())
    # Removing the anchor rows too is caught by the published copy.
    from audit.triggers import install_triggers, remove_triggers  # noqa: F401

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {JournalAnchor._meta.db_table}")
    with pytest.raises(CommandError, match="published anchor"):
        call_command("verify_journal", "--anchors", str(published), stdout=io.StringIO())


def test_a_forged_anchor_token_is_caught(pki, personas):
    from audit.anchors import statement, verify_anchors

    journal_record(actor=personas["ada"], action="test_event", subject=("test.case", "1"))
    anchor = journal_anchor_create()
    from exchange.registry import timestamp

    other = timestamp(statement(anchor.seq, "f" * 64))  # a genuine token over something else
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {JournalAnchor._meta.db_table} SET token=%s WHERE id=%s", [other, anchor.pk])
    problems = verify_anchors()
    assert [p.problem for p in problems] == ["the time-stamp covers other data"]


def test_the_anchor_page_is_public(pki, personas, client):
    journal_record(actor=personas["ada"], action="test_event", subject=("test.case", "1"))
    anchor = journal_anchor_create()
    page = client.get("/exchange/anchors/")
    assert page.status_code == 200 and anchor.head_hash in page.content.decode()
