"""Hand-off to the purpose handler: in the settling transaction, in a savepoint; failures
leave the payment paid and are retried in the background until they succeed."""

import uuid

import pytest
from django_tasks import task_backends

from audit.models import JournalEntry
from payments.models import Payment, SettlementHandoff
from payments.services import local_checkout_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def _pay(payment, who):
    return local_checkout_act(payment=payment, action="pay", event_id=str(uuid.uuid4()), actor=who)


def _drain(backend, name="retry_settlement_handoff", limit=50):
    """Run queued tasks of one kind (ignoring their run_after) until none are left."""
    runs = 0
    while True:
        queued = [r for r in backend.results if r.task.name == name and r.status == "READY"]
        if not queued:
            return runs
        for result in queued:
            backend.results.remove(result)
            try:
                result.task.call(*result.args, **result.kwargs)
            except Exception:
                pass
            runs += 1
        assert runs < limit


def test_handler_runs_in_the_settling_transaction(make_payment, local_provider, handler, personas):
    payment = make_payment()
    _pay(payment, personas["alice"])
    assert handler.calls == [payment.reference]
    assert JournalEntry.objects.filter(action="handler_ran", subject_id=payment.reference).count() == 1
    assert not SettlementHandoff.objects.exists()


def test_failing_handler_keeps_the_payment_paid_and_is_retried_until_it_succeeds(
    make_payment, local_provider, handler, personas, dummy_tasks, django_capture_on_commit_callbacks
):
    handler.failures_left = 2
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=True):
        result = _pay(payment, personas["alice"])
    assert result.outcome == "settled"
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.status == "succeeded"
    handoff = SettlementHandoff.objects.get(payment=payment)
    assert (handoff.status, handoff.attempts) == ("pending", 1)
    assert "bad day" in handoff.last_error
    # The handler's own write was rolled back with its savepoint.
    assert not JournalEntry.objects.filter(action="handler_ran").exists()
    (first_retry,) = [r for r in dummy_tasks.results if r.task.name == "retry_settlement_handoff"]
    assert first_retry.task.run_after is not None  # back-off, not a hot loop

    assert _drain(dummy_tasks) == 2
    handoff.refresh_from_db()
    assert (handoff.status, handoff.attempts) == ("done", 3)
    assert handler.calls == [payment.reference] * 3
    assert JournalEntry.objects.filter(action="handler_ran").count() == 1
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    actions = list(JournalEntry.objects.filter(subject_id=str(payment.code)).values_list("action", flat=True))
    assert actions.count("settlement_handoff_failed") == 2
    assert actions[-1] == "settlement_handed_off"


def test_gives_up_after_the_last_attempt_then_an_administrator_retries(
    make_payment,
    local_provider,
    handler,
    personas,
    dummy_tasks,
    django_capture_on_commit_callbacks,
    monkeypatch,
    client_for,
):
    monkeypatch.setattr("payments.services.settlement.HANDOFF_MAX_ATTEMPTS", 3)
    handler.failures_left = 100
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=True):
        _pay(payment, personas["alice"])
    _drain(dummy_tasks)
    handoff = SettlementHandoff.objects.get(payment=payment)
    assert (handoff.status, handoff.attempts) == ("failed", 3)
    assert JournalEntry.objects.filter(action="give_up", subject_id=str(handoff.code)).exists()

    ada = client_for("ada")
    page = ada.get("/payments/operations/")
    assert page.status_code == 200 and payment.reference.encode() in page.content

    handler.failures_left = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = ada.post(f"/payments/operations/handoffs/{handoff.code}/retry/")
    assert response.status_code == 302
    _drain(dummy_tasks)
    handoff.refresh_from_db()
    assert handoff.status == "done"
    assert (
        JournalEntry.objects.get(action="reopen", subject_id=str(handoff.code)).actor_label == "ada@admin.example.org"
    )
    assert payment.reference.encode() not in ada.get("/payments/operations/").content


def test_retry_of_a_done_handoff_does_nothing(make_payment, local_provider, handler, personas):
    from payments.services import settlement_handoff_retry

    handler.failures_left = 1
    payment = make_payment()
    _pay(payment, personas["alice"])
    handoff = SettlementHandoff.objects.get(payment=payment)
    assert settlement_handoff_retry(handoff_code=str(handoff.code)) == "done"
    assert settlement_handoff_retry(handoff_code=str(handoff.code)) == "skipped"
    assert handler.calls == [payment.reference] * 2


def test_immediate_backend_retries_at_once(
    make_payment, local_provider, handler, personas, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("payments.services.events.schedule_receipt", lambda payment: None)  # no PDF here
    handler.failures_left = 1
    payment = make_payment()
    with django_capture_on_commit_callbacks(execute=True):
        _pay(payment, personas["alice"])
    assert SettlementHandoff.objects.get(payment=payment).status == "done"


def test_purpose_without_a_handler_is_kept_for_an_administrator(make_payment, local_provider, personas):
    payment = make_payment(purpose="nobody_listens")
    _pay(payment, personas["alice"])
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    handoff = SettlementHandoff.objects.get(payment=payment)
    assert "No settlement handler" in handoff.last_error
