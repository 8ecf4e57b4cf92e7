from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from screening.models import Entry
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_2fa():
    user = User.objects.create_superuser(email="root@example.org", password="correct horse battery staple")
    return signed_in_client(user)


def test_admin_lists_versions_and_entries_read_only(loaded, admin_client_2fa):
    client = admin_client_2fa
    for name in ("sanctionslist", "listversion", "entry"):
        response = client.get(reverse(f"admin:screening_{name}_changelist"))
        assert response.status_code == 200, name
    response = client.get(reverse("admin:screening_entry_changelist"), {"q": "petroff"})
    assert b"ofac-sdn:1001" in response.content
    entry = Entry.objects.get(uid="ofac-sdn:1001")
    response = client.get(reverse("admin:screening_entry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert b"PETROFF, Ivan" in response.content
    assert b'name="_save"' not in response.content
    assert client.get(reverse("admin:screening_entry_add")).status_code == 403
    assert client.post(reverse("admin:screening_entry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()
