"""Property-based test of the JSON APIs against the project's own OpenAPI document
(schemathesis + Hypothesis): whatever it sends, no answer is a 500, and the answers match
the document. Bounded for CI: a few examples per operation, derandomised, no deadline."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from exchange.services import member_issue_credentials
from tests.exchange.api_helpers import token_for

EXAMPLES = 12


@pytest.fixture
def wsgi_app(db):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    handler = get_wsgi_application()

    def app(environ, start_response):
        # As Django's test client does: the test's transaction must survive each request
        # (the client reconnects these receivers after each of its own requests).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return handler(environ, start_response)

    yield app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    # The exchange's public JSON and the member API; the validation API has its own tests in trust.
    schema = schema.include(path_regex=r"^/api/(v1|exchange)/")
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_covers_the_member_api(wsgi_app):
    paths = {op.path for op in _operations(wsgi_app)}
    assert "/api/v1/services/{service_code}/query/" in paths and "/api/exchange/anchors/" in paths


def test_no_server_errors_whatever_is_sent(wsgi_app, pki, bank, bank_agreement):
    token = token_for(member_issue_credentials(member=bank, actor=bank.contact))
    seen: dict[str, set[int]] = {}
    for operation in _operations(wsgi_app):
        _explore(operation, token, seen.setdefault(operation.label, set()))
    assert all(max(codes) < 500 for codes in seen.values()), seen
    # The member API was really reached with a valid token (not only refused at the door).
    assert seen["POST /api/v1/services/{service_code}/query/"] - {401}


def _explore(operation, token: str, codes: set[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=[not_a_server_error])
        codes.add(response.status_code)

    check()
