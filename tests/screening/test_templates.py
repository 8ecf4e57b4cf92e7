from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string

from screening.services import screen_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alias_hit(loaded) -> dict:
    result = screen_person(given_names="Ivan", surname="Petroff", date_of_birth=dt.date(1965, 3, 12), nationality="RU")
    return result.hits[0].to_dict()


def test_hit_partial_shows_applicant_beside_the_entry(alias_hit):
    applicant = {"given_names": "Ivan", "surname": "Petroff", "date_of_birth": "1965-03-12", "nationality": "RU"}
    html = render_to_string("screening/partials/hit.html", {"hit": alias_hit, "applicant": applicant})
    assert '<section class="card screening-hit" aria-labelledby="hit-ofac-sdn1001">' in html
    assert '<h3 id="hit-ofac-sdn1001">Possible match: PETROV, Ivan Sergeyevich (score 100 of 100)</h3>' in html
    assert alias_hit["explanation"] in html
    # a table with row and column headers: field | applicant | list entry | comparison
    assert len(re.findall(r'<th scope="col">', html)) == 4 + 2  # comparison table + scores table
    assert '<th scope="row">Date of birth</th>' in html
    assert "<td>Ivan Petroff</td>" in html
    assert "PETROFF, Ivan" in html and '<span class="badge">alias</span>' in html
    assert "listed as PETROV, Ivan Sergeyevich" in html
    assert "<td>12 Mar 1965</td>" in html
    assert "Russia (RU)" in html
    assert html.count('<span class="badge bad">agrees</span>') == 2  # date of birth and nationality
    assert "(+10)" in html and "(+4)" in html
    assert "UKRAINE-EO13660, RUSSIA-EO14024" in html
    assert "VANYA" in html
    assert "Moscow, Russia" in html
    assert '<th scope="row">Final score</th><td>100.0</td>' in html


def test_hit_partial_without_applicant_and_with_conflicting_date(loaded, settings):
    settings.SCREENING_HIT_THRESHOLD = 40.0
    hit = screen_person(given_names="John", surname="Smith", date_of_birth=dt.date(1990, 1, 1)).hits[0].to_dict()
    html = render_to_string("screening/partials/hit.html", {"hit": hit, "heading": "h2"})
    assert '<h2 id="hit-ofac-sdn1009">' in html
    assert len(re.findall(r'<th scope="col">', html)) == 3 + 2
    assert '<span class="badge ok">differs</span>' in html
    assert "(−30)" in html
    assert "no evidence either way" in html
    assert "alias" not in html


def test_hits_partial_lists_hits_or_says_clear(loaded, alias_hit):
    result = screen_person(given_names="Ivan", surname="Petroff", date_of_birth=None)
    html = render_to_string("screening/partials/hits.html", {"result": result.to_dict()})
    assert f"One possible match on {result.list_label}." in html
    assert html.count('class="card screening-hit"') == 1
    clear = screen_person(given_names="Jaan", surname="Tamm", date_of_birth=None)
    html = render_to_string("screening/partials/hits.html", {"result": clear.to_dict()})
    assert f'<p class="empty">No match on {clear.list_label}.</p>' in html
