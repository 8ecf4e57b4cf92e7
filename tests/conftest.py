"""Fixtures shared by every test: fast settings, personas and signed-in clients."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.personas import PERSONA_BY_KEY, PERSONAS


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"
    # Cached home panels are keyed on the journal head, which every test's rollback resets.
    from django.core.cache import cache

    cache.clear()
    # A request to /et/ or /th/ leaves that language active in the thread; start each test
    # in English so messages that services raise are compared in one language.
    translation.activate("en")
    # Throttles (password-reset mails) count in the cache: start each test from zero.
    from django.core.cache import cache

    cache.clear()
    yield
    translation.deactivate()


def make_persona(key: str) -> User:
    persona = PERSONA_BY_KEY[key]
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(
            email=persona.email,
            password="correct horse battery staple",
            given_name=persona.given_name,
            surname=persona.surname,
            role=persona.role,
            email_verified_at=timezone.now(),
        )
    return user


@pytest.fixture(autouse=True)
def _journal_triggers(request):
    """Keep the journal's append-only triggers in place during every database test.

    Transactional tests end with a flush (DELETE/TRUNCATE of every table), which the
    triggers refuse, so they are lifted for that flush and put back by the next test."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    uses_db = transactional or marker is not None or "db" in names
    if not uses_db:
        yield
        return
    from audit.triggers import install_triggers, remove_triggers

    request.getfixturevalue("transactional_db" if transactional else "db")
    install_triggers(connection)
    yield
    if transactional:
        remove_triggers(connection)
        request.node.flushes_database = True


# Reference data that data migrations load (fees, legal grounds…). A transactional test
# ends with a flush that empties every table, so it is loaded again right after.
REFERENCE_DATA_LOADERS = [
    ("payments.migrations.0002_load_fees", "load"),
    ("eresidency.migrations.0002_restrictions_and_grounds", "load"),
    ("companies.migrations.0002_reference_data", "load"),
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    # After the last test the session teardown has already dropped the test database.
    if nextitem is None or not getattr(item, "flushes_database", False):
        return
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for module, function in REFERENCE_DATA_LOADERS:
            getattr(importlib.import_module(module), function)(apps, None)


# --- Trust services: one CA hierarchy per session, a throw-away key store, cheap KDF --------

TEST_MASTER_KEY = "test-master-key-for-the-trust-tests-only-0123456789"


@pytest.fixture(scope="session")
def trust_key_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("trust-keys")


@pytest.fixture(autouse=True)
def _trust_settings(settings, trust_key_dir):
    """No test writes keys into the real key store or pays the production KDF cost."""
    settings.TRUST_KEY_DIR = trust_key_dir
    settings.TRUST_MASTER_KEY = TEST_MASTER_KEY
    settings.TRUST_KDF_MEMORY_KIB = 8


@pytest.fixture(scope="session")
def pki_material():
    """The hierarchy planned once per session (keys generated, certificates signed)."""
    from django.test import override_settings

    from trust.services import hierarchy_plan

    with override_settings(SITE_URL="http://testserver"):
        return hierarchy_plan(site_url="http://testserver")


@pytest.fixture
def pki(db, pki_material):
    """The root CA of a freshly installed hierarchy (same keys in every test)."""
    from trust.services import hierarchy_install

    return hierarchy_install(material=pki_material, actor="test")


@pytest.fixture
def personas(db) -> dict[str, User]:
    return {p.key: make_persona(p.key) for p in PERSONAS}


def signed_in_client(user: User, *, second_factor: bool = True) -> Client:
    """A client signed in as ``user``; officials also pass their second factor."""
    client = Client()
    client.force_login(user)
    if user.is_official and second_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(personas):
    """``client_for("ivan")``: a client signed in as that persona (2FA passed for officials)."""

    def make(key: str, *, second_factor: bool = True) -> Client:
        return signed_in_client(personas[key], second_factor=second_factor)

    return make


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    is_pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not is_pg:
            item.add_marker(skip_pg)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's Chromium, pointed at the live test server."""
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed (make test installs Debian's chromium package)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()
        _retire_forked_validators()


def _retire_forked_validators() -> None:
    """The validation service pre-forks workers; one forked while Playwright runs inherits
    the pipes to Playwright's driver, and the driver then never sees them close, so leaving
    ``sync_playwright()`` would wait forever. Retire them before Playwright stops."""
    from trust.validation import guard

    guard.reset()
