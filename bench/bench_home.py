"""Role home pages and the officials' queue, through the same stack as a bare view.

For every role's home page: requests per second against a bare view (same run, same
middleware), database queries and server time per request. The review queue is measured
with 10 and with 10,000 cases waiting, to show that its query count does not grow.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.constants import Role
from accounts.models import User

REQUESTS = 300
BARE = "/bench/bare/"
SIGNED_IN = "/bench/bare-signed-in/"
ROLES = (
    Role.APPLICANT,
    Role.IDENTITY_OFFICIAL,
    Role.PICKUP_OFFICIAL,
    Role.REGISTRAR,
    Role.TAX_OFFICER,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)


def _pair(client: Client, url: str, n: int, *, baseline: str = "") -> tuple[float, float]:
    """Median seconds per request of the bare view and of ``url``, measured alternately so
    that other load on the machine hits both alike."""
    baseline = baseline or BARE
    for _ in range(10):
        assert client.get(url).status_code == 200, url
        client.get(baseline)
    bare, page = [], []
    for _ in range(n):
        start = time.perf_counter()
        client.get(baseline)
        middle = time.perf_counter()
        client.get(url)
        bare.append(middle - start)
        page.append(time.perf_counter() - middle)
    return statistics.median(bare), statistics.median(page)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


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


def _cases(total: int) -> None:
    """``total`` paid applications in review (bench data, written directly)."""
    from eresidency.constants import State
    from eresidency.models import Application

    have = Application.objects.filter(state=State.IN_REVIEW, email__endswith="@bench.example.org").count()
    if have >= total:
        return
    password = make_password(None)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"case-{n}@bench.example.org", password=password, role=Role.APPLICANT, email_verified_at=now)
            for n in range(have, total)
        ],
        batch_size=1000,
    )
    Application.objects.bulk_create(
        [
            Application(
                applicant=user,
                state=State.IN_REVIEW,
                given_names="Bench",
                surname=f"Case {n}",
                email=user.email,
                citizenship="FI",
                submitted_at=now,
                paid_at=now,
                decision_due=(now + timedelta(days=n % 40)).date(),
            )
            for n, user in enumerate(users, start=have)
        ],
        batch_size=1000,
    )


def _reset_cases() -> None:
    from eresidency.models import Application

    Application.objects.filter(email__endswith="@bench.example.org").delete()
    User.objects.filter(email__endswith="@bench.example.org").delete()


def _own_application(user: User) -> None:
    """The applicant's own paid application in review, so the panel has something to show."""
    from eresidency.constants import State
    from eresidency.models import Application

    if not Application.objects.filter(applicant=user).exists():
        now = timezone.now()
        Application.objects.create(
            applicant=user,
            state=State.IN_REVIEW,
            given_names="Bench",
            surname="Applicant",
            email=user.email,
            citizenship="FI",
            submitted_at=now,
            paid_at=now,
            decision_due=(now + timedelta(days=20)).date(),
        )


def _row(report, page: str, seconds: float, bare: float, queries: int, baseline: str = "bare view") -> None:
    report.add(
        benchmark="pages",
        subject=f"{page} ({queries} queries, {seconds * 1000:.1f} ms)",
        subject_value=1 / seconds,
        baseline=f"{baseline} ({bare * 1000:.1f} ms)",
        baseline_value=1 / bare,
        unit="req/s",
        goal="home ≥ 0.25× (aim 0.4×)" if "home" in page else "queries constant",
        lower_is_better=False,
    )


def run(report) -> None:
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        clients = {role: _client(f"bench-{role}@example.org", role) for role in ROLES}
        _own_application(User.objects.get(email=f"bench-{Role.APPLICANT}@example.org"))
        _reset_cases()
        _cases(10)
        for role in ROLES:
            client = clients[role]
            bare, home = _pair(client, "/accounts/home/", REQUESTS)
            _row(report, f"{role} home", home, bare, _queries(client, "/accounts/home/"))
        for role in (Role.APPLICANT, Role.IDENTITY_OFFICIAL):
            # Where the floor is: the same pages against a bare view that loads the signed-in user.
            signed_in, home = _pair(clients[role], "/accounts/home/", REQUESTS, baseline=SIGNED_IN)
            queries = _queries(clients[role], "/accounts/home/")
            _row(report, f"{role} home", home, signed_in, queries, baseline="bare signed-in view")
        official = clients[Role.IDENTITY_OFFICIAL]
        for total in (10, 10_000):
            _cases(total)
            bare, queue = _pair(official, "/eresidency/review/", 30)
            _row(report, f"review queue, {total} cases", queue, bare, _queries(official, "/eresidency/review/"))
            bare, home = _pair(official, "/accounts/home/", 100)
            _row(report, f"identity_official home, {total} cases", home, bare, _queries(official, "/accounts/home/"))
