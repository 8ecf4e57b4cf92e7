"""Issue 10: open every step of a filled-in draft and press "Next" with what the page
shows (no new file, no change): every step saves, nothing is lost, nothing answers 500."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from eresidency.models import Application
from tests.eresidency.conftest import claim_exception, make_draft, personal

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """What a browser would submit from the step's form (files left empty)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in {"file", "submit", "button"}:
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def _walk(client, app: Application) -> None:
    from eresidency.selectors import steps_for

    before = Application.objects.get(pk=app.pk)
    for step in steps_for(app):
        url = reverse("eresidency:step", kwargs={"code": app.code, "step": step})
        page = client.get(url)
        assert page.status_code == 200, step
        parser = _FormValues()
        parser.feed(page.content.decode())
        data = {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}
        response = client.post(url, data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    after = Application.objects.get(pk=app.pk)
    for field in (
        "given_names",
        "date_of_birth",
        "citizenship",
        "document_number",
        "document_expiry",
        "mrz",
        "photo",
        "cv",
        "motivation",
        "pickup_location_id",
        "exception_kind",
        "exception_evidence",
        "consent_at",
    ):
        assert getattr(after, field) == getattr(before, field), field
    assert set(after.completed_steps) == set(before.completed_steps)


@pytest.mark.parametrize("language", ["en", "et", "th"])
def test_every_step_keeps_what_is_there(client_for, personas, locations, language):
    app = make_draft(personas["alice"])
    client = client_for("alice")
    client.cookies["django_language"] = language
    _walk(client, app)


def test_restricted_citizen_with_an_exception_keeps_the_evidence(client_for, personas, locations):
    app = claim_exception(make_draft(personas["alice"], person=personal(citizenship="RU")))
    _walk(client_for("alice"), app)


def test_none_of_the_exceptions_is_not_a_completed_step(client_for, personas, locations):
    app = make_draft(personas["alice"], person=personal(citizenship="RU"))
    url = reverse("eresidency:step", kwargs={"code": app.code, "step": "eligibility"})
    response = client_for("alice").post(url, {"exception_kind": "", "action": "continue"})
    assert response.status_code == 200
    assert "you cannot submit an application while the restriction" in response.content.decode()
    assert "eligibility" not in Application.objects.get(pk=app.pk).completed_steps


def test_evidence_is_not_labelled_optional_and_steps_count_the_review(client_for, personas, locations):
    app = make_draft(personas["alice"], person=personal(citizenship="RU"))
    page = client_for("alice").get(reverse("eresidency:step", kwargs={"code": app.code, "step": "eligibility"}))
    body = page.content.decode()
    evidence = body[body.index('for="id_exception_evidence"') :][:200]
    assert "optional" not in evidence
    # Seven steps with the restriction step, plus "Check and submit".
    assert "Step 2 of 8" in body


def test_date_fields_are_typed_in_the_one_format(client_for, personas, locations):
    app = make_draft(personas["alice"])
    body = client_for("alice").get(reverse("eresidency:step", kwargs={"code": app.code, "step": "personal"}))
    html = body.content.decode()
    assert 'type="date"' not in html
    assert 'value="12.08.1985"' in html or 'placeholder="dd.mm.yyyy"' in html
