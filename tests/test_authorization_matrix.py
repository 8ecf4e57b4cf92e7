"""Walk every named URL of the project with every persona and compare the GET status with
the expectations each app declares in tests/<app>/access_matrix.py."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import signed_in_client

# Every row names at least these; rows may add more personas (e.g. "iris", a second official).
PERSONA_KEYS = ("anon", "alice", "oscar", "ivan", "pia", "rita", "tom", "aud", "ada")
# Third-party areas with their own gates, tested separately.
SKIPPED_NAMESPACES = {"admin"}


def _load_matrix():
    rows = []
    for path in sorted(Path(__file__).parent.glob("*/access_matrix.py")) + sorted(
        Path(__file__).parent.glob("*/*/access_matrix.py")
    ):
        module_name = ".".join(path.relative_to(Path(__file__).parent.parent).with_suffix("").parts)
        rows.extend(importlib.import_module(module_name).MATRIX)
    return rows


def _named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            if namespace in SKIPPED_NAMESPACES:
                continue
            yield from _named_urls(entry, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


MATRIX = _load_matrix()


def test_every_named_url_has_expectations():
    listed = {name for name, _kwargs, _expected in MATRIX}
    missing = sorted(set(_named_urls()) - listed)
    assert missing == [], f"URLs without an access matrix entry: {missing}"


def test_every_row_names_every_persona():
    incomplete = [name for name, _k, expected in MATRIX if not set(PERSONA_KEYS) <= set(expected)]
    assert incomplete == []


@pytest.mark.parametrize(("url_name", "kwargs_factory", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_status_for_every_persona(url_name, kwargs_factory, expected, personas, pki, client):
    url = reverse(url_name, kwargs=kwargs_factory(personas) if kwargs_factory else None)
    observed = {}
    for key in expected:
        c = client if key == "anon" else signed_in_client(personas[key])
        observed[key] = c.get(url).status_code
    assert observed == expected
