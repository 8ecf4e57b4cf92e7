from __future__ import annotations

import json

from django.test import Client

TOKEN_URL = "/api/v1/oauth/token/"


def query_url(service: str) -> str:
    return f"/api/v1/services/{service}/query/"


def token_for(credentials, scope: str | None = None, client: Client | None = None) -> str:
    client = client or Client()
    data = {
        "grant_type": "client_credentials",
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
    }
    if scope:
        data["scope"] = scope
    response = client.post(TOKEN_URL, data)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def ask(token: str, service: str, body: dict | str | bytes, client: Client | None = None):
    client = client or Client()
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(query_url(service), raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
