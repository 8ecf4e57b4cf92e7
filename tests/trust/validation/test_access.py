"""The validation service is public: anonymous visitors and every persona get the same answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.trust.validation.access_matrix import MATRIX

CASES = [(name, persona, status) for name, _kwargs, expected in MATRIX for persona, status in expected.items()]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "persona", "status"), CASES)
def test_access_matrix(url_name, persona, status, client_for):
    client = Client() if persona == "anon" else client_for(persona)
    response = client.get(reverse(url_name))
    assert response.status_code == status


@pytest.mark.django_db
def test_official_without_second_factor_can_still_validate(client_for):
    response = client_for("ivan", second_factor=False).get(reverse("validation:validate"))
    assert response.status_code == 200
