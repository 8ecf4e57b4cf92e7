"""Load test against a running `make serve`: `python -m bench.load [--users 20 --seconds 30]`.

Creates (idempotently) load-test applicants and officials in the served database, runs
locust headless against the loopback address for a bounded time and number of requests,
and prints requests per second, median and 95th percentile response times and errors per
page. Only loopback targets are accepted.
"""

from __future__ import annotations

import argparse
import csv
import ipaddress
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BASE = Path(__file__).resolve().parent.parent
PASSWORD = "load test passphrase 2026"


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_accounts(applicants: int, officials: int) -> dict:
    """Users in the served database (DATABASE_URL), each official with a confirmed TOTP device."""
    sys.path.insert(0, str(BASE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.constants import Role
    from accounts.models import User

    hashed = make_password(PASSWORD)
    out: dict[str, list] = {"applicant": [], "official": []}
    for kind, count, role in (
        ("applicant", applicants, Role.APPLICANT),
        ("official", officials, Role.IDENTITY_OFFICIAL),
    ):
        for n in range(1, count + 1):
            email = f"load-{kind}-{n}@load.example.org"
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "role": role,
                    "password": hashed,
                    "email_verified_at": timezone.now(),
                    "given_name": "Load",
                    "surname": f"{kind.title()} {n}",
                },
            )
            account = {"email": email, "password": PASSWORD}
            if role != Role.APPLICANT:
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                    user=user, name="load test", confirmed=True
                )
                account["totp_key"] = device.key
            out[kind].append(account)
    return out


def summarise(prefix: str) -> str:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    lines = [f"{'page':40} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7}"]
    for row in rows:
        name = f"{row['Type']} {row['Name']}".strip()
        lines.append(
            f"{name[:40]:40} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):8.1f} {row['50%']:>7} {row['95%']:>7}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:10]:
            lines.append(f"  error: {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("LOAD_HOST", "http://127.0.0.1:8000"))
    parser.add_argument("--users", type=int, default=20, help="simulated people (at most 100)")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=30, help="run time (at most 300)")
    parser.add_argument(
        "--max-requests-per-user", type=int, default=200, help="each person stops after this many pages"
    )
    args = parser.parse_args(argv)
    if not _loopback(args.host):
        parser.error("the load test only targets this machine's loopback address")
    if not (1 <= args.users <= 100 and 1 <= args.seconds <= 300):
        parser.error("--users must be 1..100 and --seconds 1..300")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eresidency_serve")
    officials = max(1, args.users // 4 + 1)
    accounts = make_accounts(applicants=args.users, officials=officials)
    with tempfile.TemporaryDirectory() as tmp:
        accounts_file = Path(tmp) / "accounts.json"
        accounts_file.write_text(json.dumps(accounts))
        prefix = str(Path(tmp) / "load")
        env = {
            **os.environ,
            "LOAD_ACCOUNTS_FILE": str(accounts_file),
            "LOAD_MAX_TASKS_PER_USER": str(args.max_requests_per_user),
        }
        command = [
            str(BASE / ".venv" / "bin" / "locust"),
            "-f",
            str(BASE / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            args.host,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.seconds}s",
            "--stop-timeout",
            "5",
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ]
        subprocess.run(command, env=env, check=True, timeout=args.seconds + 60)
        print(f"load test: {args.users} people ({officials} official accounts), {args.seconds} s against {args.host}")
        print(summarise(prefix))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
