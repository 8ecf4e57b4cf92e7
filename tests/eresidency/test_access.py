"""Every e-Residency page against every persona (the matrix the global test also walks)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.eresidency.access_matrix import ALL, MATRIX


@pytest.mark.parametrize(("name", "factory", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_access_matrix(name, factory, expected, personas, client_for):
    assert set(expected) == set(ALL), f"{name}: every persona needs an expected status"
    url = reverse(name, kwargs=factory(personas) if factory else None)
    for persona, status in expected.items():
        client = Client() if persona == "anon" else client_for(persona)
        response = client.get(url)
        assert response.status_code == status, f"{name} as {persona}: {response.status_code}, expected {status}"


def test_applicants_never_see_officials_pages_of_their_own(personas, client_for):
    from tests.eresidency.access_matrix import _open

    code = _open(personas)["code"]
    response = client_for("alice").get(reverse("eresidency:review_detail", kwargs={"code": code}))
    assert response.status_code == 403
