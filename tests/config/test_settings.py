import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_MODE": "production",
    "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "eresidency.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TRUST_MASTER_KEY": "m" * 40,
    "PAYMENTS_LOCAL_ENABLED": "0",
    "STRIPE_SECRET_KEY": "sk_test_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
    "DIGITAL_ID_ENVELOPE_SECRET": "e" * 40,
}


def run_manage(*args, env_overrides=None, drop=()):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS"))}
    env.update(env_overrides or {})
    for key in drop:
        env.pop(key, None)
    env["DATA_DIR"] = env.get("DATA_DIR_TEST", str(BASE / "var" / "settings-test"))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("reader", "raw", "expected"),
    [
        (lambda e: env_bool("X", False, environ=e), "yes", True),
        (lambda e: env_bool("X", True, environ=e), "0", False),
        (lambda e: env_int("X", 1, environ=e), " 42 ", 42),
        (lambda e: env_list("X", environ=e), "a, b,,c", ["a", "b", "c"]),
        (lambda e: env_choice("X", ("a", "b"), "a", environ=e), "b", "b"),
        (lambda e: env_str("X", "d", environ=e), "v", "v"),
    ],
)
def test_typed_readers_parse(reader, raw, expected):
    assert reader({"X": raw}) == expected


@pytest.mark.parametrize(
    "reader",
    [
        lambda e: env_bool("X", False, environ=e),
        lambda e: env_int("X", 1, environ=e),
        lambda e: env_int("X", 1, minimum=5, environ={"X": "3"}),
        lambda e: env_choice("X", ("a", "b"), "a", environ=e),
        lambda e: env_str("MISSING", environ={}),
    ],
)
def test_typed_readers_fail_loudly(reader):
    with pytest.raises(ImproperlyConfigured):
        reader({"X": "maybe"})


def test_production_mode_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("drop", "override", "message"),
    [
        (("SECRET_KEY",), {}, "SECRET_KEY"),
        (("ALLOWED_HOSTS",), {}, "ALLOWED_HOSTS"),
        ((), {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "real e-mail backend"),
        ((), {"PAYMENTS_LOCAL_ENABLED": "1"}, "local payment provider"),
        ((), {"DEBUG": "1"}, "DEBUG must be off"),
        (("DIGITAL_ID_ENVELOPE_SECRET",), {}, "DIGITAL_ID_ENVELOPE_SECRET"),
    ],
)
def test_production_mode_refuses_to_start_when_misconfigured(drop, override, message):
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, **override}, drop=drop)
    assert result.returncode != 0
    assert message in result.stderr
