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


def _access_roles(view):
    """The roles a view's access decorator lets in (``official_required``/``applicant_required``
    leave them on the wrapper), or None for a view without one."""
    while view is not None:
        roles = getattr(view, "access_roles", None)
        if roles is not None:
            return roles
        view = getattr(view, "__wrapped__", None) or getattr(getattr(view, "view_class", None), "dispatch", None)
        if (
            view is not None
            and getattr(view, "__wrapped__", None) is None
            and getattr(view, "access_roles", None) is None
        ):
            return None
    return None


@pytest.mark.parametrize(("url_name", "kwargs_factory", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_posts_are_refused_as_gets_are(url_name, kwargs_factory, expected, personas, pki, client):
    """A POST (empty, as a forged or replayed form would be) passes no further than a GET:
    whoever the GET refuses (login page, 403, 404) the POST refuses too; for POST-only
    addresses the view's declared roles decide. Nobody gets a 500."""
    from django.urls import resolve

    url = reverse(url_name, kwargs=kwargs_factory(personas) if kwargs_factory else None)
    roles = _access_roles(resolve(url).func)
    problems = []
    for key, get_status in expected.items():
        c = client if key == "anon" else signed_in_client(personas[key])
        status = c.post(url, {}).status_code
        role = None if key == "anon" else personas[key].role
        if status >= 500 and status != 503:  # 503: a service not configured here (Stripe)
            problems.append((key, status, "server error"))
        elif get_status in (403, 404) and status not in (get_status, 405):
            problems.append((key, status, f"GET {get_status}"))
        elif key == "anon" and get_status == 302 and status not in (302, 405):
            problems.append((key, status, "anonymous"))
        elif get_status == 405 and roles is not None:
            if key == "anon" and status != 302:
                problems.append((key, status, "anonymous POST"))
            elif key != "anon" and role not in roles and status not in (403, 404):
                problems.append((key, status, f"role {role} not in {sorted(roles)}"))
    assert problems == []
