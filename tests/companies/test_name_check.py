"""The name check over registered names, pending applications and reservations, through the
service, the JSON API and the public page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from companies.search import check_name
from companies.services import name_reservation_create
from tests.companies.conftest import make_company


def test_a_free_name_is_available(fotoluks):
    verdict = check_name("Päikesekodu OÜ")
    assert verdict.available and verdict.conflicts == [] and verdict.problems == []


def test_a_name_written_differently_conflicts_and_says_with_which(fotoluks):
    verdict = check_name("Photolux OÜ")
    assert not verdict.available
    [conflict] = verdict.conflicts
    assert conflict.name == "Fotoluks OÜ" and conflict.registry_code == "12345678"
    assert "written the same" in conflict.reason and conflict.score == 1.0


def test_pill_and_lill_do_not_conflict(db):
    make_company("Pill OÜ", "10000018")
    assert check_name("Lill OÜ").available


def test_a_name_without_legal_form_or_with_foreign_letters_has_problems(db):
    verdict = check_name("Café Ørsted")
    assert not verdict.available
    assert any("“OÜ” or “osaühing”" in p for p in verdict.problems)
    assert any("é ø" in p for p in verdict.problems)


def test_very_similar_spelling_conflicts_and_less_similar_warns(db):
    make_company("Nordic Solutions OÜ", "10000024")
    verdict = check_name("Nordik Solution OÜ")
    assert not verdict.available and "too similarly" in verdict.conflicts[0].reason
    make_company("Andmeaed OÜ", "10000030")
    verdict = check_name("Andmeaedik OÜ")
    assert verdict.available, verdict.conflicts
    assert any("Andmeaed OÜ" in w for w in verdict.warnings)


def test_state_and_municipality_words_are_flagged_with_the_rule(db):
    verdict = check_name("Tallinna Linna Pagar OÜ")
    assert verdict.available  # the registrar decides
    assert any("tallinna" in w and "Commercial Code § 7" in w for w in verdict.warnings)
    assert any("“linna”" in w for w in verdict.warnings)


def test_a_reservation_conflicts_for_everyone_but_its_holder(personas):
    name_reservation_create(holder=personas["alice"], name="Merevaade OÜ", actor=personas["alice"])
    other = check_name("Merewaade OÜ", holder=personas["oscar"])
    assert not other.available and other.conflicts[0].reserved
    assert check_name("Merevaade OÜ", holder=personas["alice"]).available


def test_api_answers_the_documented_shape(client, fotoluks):
    response = client.get(reverse("companies_api:name_check"), {"name": "photolux oü"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"name", "normalised", "available", "problems", "conflicts", "warnings"}
    assert body["normalised"] == "photolux OÜ" and body["available"] is False
    assert body["conflicts"][0] == {
        "name": "Fotoluks OÜ",
        "registry_code": "12345678",
        "reason": body["conflicts"][0]["reason"],
        "score": 1.0,
    }


def test_api_without_a_name_is_a_problem_naming_the_field(client, db):
    response = client.get(reverse("companies_api:name_check"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "name"


def test_api_is_throttled(client, db, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"name_check": "3/minute", "anon": "60/minute"},
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    from rest_framework.throttling import ScopedRateThrottle

    # DRF binds the rates to the class at import: set them for this test and put them back,
    # or every later test in this process is throttled at 3 a minute.
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        codes = [client.get(reverse("companies_api:name_check"), {"name": "Mets OÜ"}).status_code for _ in range(4)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert codes == [200, 200, 200, 429]


def test_public_page_shows_the_verdict(client, fotoluks):
    response = client.get(reverse("companies:name_check"), {"name": "Photolux OÜ"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "cannot be used as it is" in text and "Fotoluks OÜ" in text and "12345678" in text


@pytest.mark.django_db
def test_check_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    for i in range(30):
        make_company(f"Firma {i} OÜ", f"1{i:06d}0"[:8])
    with django_assert_max_num_queries(8):
        check_name("Firma 3 OÜ")
