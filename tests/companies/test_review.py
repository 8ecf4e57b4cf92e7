"""The registrar's rulings: claim/release, a deficiency ruling with a deadline answered by the
founder, refusal with reasons; one registrar cannot act on another's claimed case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit.selectors import journal_for
from companies import services
from companies.exceptions import InvalidData, NotAllowed, WrongState
from companies.workdays import tallinn_date
from tests.companies.test_concurrency import in_review


@pytest.fixture
def other_registrar(personas):
    from accounts.models import User

    return User.objects.create_user(email="rolf@register.example.org", password="x", role="registrar")


def test_claim_release_and_someone_elses_claim(personas, other_registrar, mailoutbox):
    rita, alice = personas["rita"], personas["alice"]
    app = in_review(alice)
    services.founding_claim(application=app, actor=rita)
    with pytest.raises(NotAllowed, match="Another registrar"):
        services.founding_refuse(application=app, actor=other_registrar, reason="no")
    with pytest.raises(NotAllowed, match="Only a registrar"):
        services.founding_claim(application=app, actor=alice)
    services.founding_release(application=app, actor=rita)
    services.founding_claim(application=app, actor=other_registrar)
    assert [e.action for e in journal_for(app)] == ["claim", "release", "claim"]


def test_deficiency_ruling_answer_and_refusal(personas, mailoutbox, django_capture_on_commit_callbacks):
    rita, alice = personas["rita"], personas["alice"]
    app = in_review(alice)
    with pytest.raises(InvalidData, match="future date"):
        services.founding_rule_deficiencies(
            application=app, actor=rita, text="Fix the address.", deadline=tallinn_date()
        )
    deadline = tallinn_date() + timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        services.founding_rule_deficiencies(application=app, actor=rita, text="Fix the address.", deadline=deadline)
    app.refresh_from_db()
    assert app.state == "deficiencies" and app.deficiency_deadline == deadline
    assert any("Correct the application of Kaksikud OÜ" in m.subject for m in mailoutbox)
    services.founding_answer_deficiencies(application=app, actor=alice, answer="Done.")
    app.refresh_from_db()
    assert app.state == "in_review"
    with pytest.raises(InvalidData, match="reasons"):
        services.founding_refuse(application=app, actor=rita, reason=" ")
    services.founding_refuse(application=app, actor=rita, reason="The name misleads.")
    app.refresh_from_db()
    assert app.state == "refused" and app.decision_reason == "The name misleads."
    with pytest.raises(WrongState):
        services.founding_register(application=app, actor=rita)
