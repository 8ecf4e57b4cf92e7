"""Requests per second of a role home page vs a bare Django view, same stack, same run."""

from __future__ import annotations

import time

from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import Role
from accounts.models import User

REQUESTS = 400


def _rps(client: Client, url: str) -> float:
    for _ in range(20):
        assert client.get(url).status_code == 200
    start = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(url)
    return REQUESTS / (time.perf_counter() - start)


def _client(email: str, role: str) -> Client:
    user, _ = User.objects.get_or_create(email=email, defaults={"role": role, "email_verified_at": timezone.now()})
    client = Client()
    client.force_login(user)
    if user.is_official:
        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def run(report) -> None:
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        for email, role in (
            ("bench-applicant@example.org", Role.APPLICANT),
            ("bench-official@example.org", Role.IDENTITY_OFFICIAL),
        ):
            client = _client(email, role)
            bare = _rps(client, "/bench/bare/")
            home = _rps(client, "/accounts/home/")
            report.add(
                benchmark="role home page",
                subject=f"{role} home (req/s)",
                subject_value=home,
                baseline="bare view (req/s)",
                baseline_value=bare,
                unit="req/s",
                goal="higher is better",
                lower_is_better=False,
            )
