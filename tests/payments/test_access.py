"""Runs this app's access matrix (the global authorization test runs it too)."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.payments.access_matrix import MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("url_name", "kwargs_factory", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_payments_access_matrix(url_name, kwargs_factory, expected, personas, client, local_provider):
    url = reverse(url_name, kwargs=kwargs_factory(personas) if kwargs_factory else None)
    observed = {
        key: (client if key == "anon" else signed_in_client(personas[key])).get(url).status_code for key in expected
    }
    assert observed == expected
