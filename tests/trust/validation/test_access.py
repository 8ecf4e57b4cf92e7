"""The validation service is public (the global authorization test walks its URLs with every
persona); officials need no second factor to use it."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_official_without_second_factor_can_still_validate(client_for):
    response = client_for("ivan", second_factor=False).get(reverse("validation:validate"))
    assert response.status_code == 200
