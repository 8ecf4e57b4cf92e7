"""The applicant's home panel: the open application first, else the latest, in one query."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_an_application_in_review_shows_its_status(client_for, personas):

    app = ApplicationFactory(applicant=personas["alice"], in_review=True)
    body = client_for("alice").get(reverse("accounts:home")).content.decode()
    assert "In review" in body and "See the status" in body and str(app.code) in body
    assert "We need more information from you" not in body


def test_the_open_application_wins_over_an_older_closed_one(client_for, personas):
    ApplicationFactory(applicant=personas["alice"], refused=True)
    ApplicationFactory(applicant=personas["alice"], in_review=True)
    body = client_for("alice").get(reverse("accounts:home")).content.decode()
    assert "See the status" in body and "Start an application" not in body


def test_an_e_resident_is_not_offered_a_new_application(client_for, personas):
    ApplicationFactory(applicant=personas["alice"], approved=True)
    body = client_for("alice").get(reverse("accounts:home")).content.decode()
    assert "You are an e-resident" in body and "Start an application" not in body


def test_someone_without_an_application_is_offered_one(client_for):
    body = client_for("oscar").get(reverse("accounts:home")).content.decode()
    assert "Start an application" in body
