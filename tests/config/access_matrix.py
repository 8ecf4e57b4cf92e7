"""Probes and metrics: the same answer for everyone (the test client calls from loopback)."""

from tests.accounts.access_matrix import everyone

MATRIX = [
    ("healthz", None, everyone(200)),
    # No task worker beats in the test database, so the instance is honestly not ready.
    ("readyz", None, everyone(503)),
    ("metrics", None, everyone(200)),
]
