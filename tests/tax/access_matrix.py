"""Expected GET status of the tax board's pages for each persona ("anon" = signed out).

The rules page and the calculator's schema are public; the calculator itself takes POST
only (405 to a GET)."""

from __future__ import annotations

ALL = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")


def everyone(status):
    return dict.fromkeys(ALL, status)


MATRIX = [
    ("tax:rules", None, everyone(200)),
    ("tax_api:calculate", None, everyone(405)),
    ("tax_api:calculate-schema", None, everyone(200)),
]
