"""A fake Stripe API on loopback: enough of /v1/checkout/sessions and /v1/refunds for the
real ``stripe`` library to talk to it. It records every request (method, path, decoded form
or query, Idempotency-Key) and answers with real-shaped JSON objects."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``a[b][0][c]=1`` → ``{"a": {"b": [{"c": "1"}]}}`` (Stripe's form encoding)."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        node = {k: _listify(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[k] for k in sorted(node, key=int)]
    return node


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    authorization: str | None


@dataclass
class FakeStripe:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)  # by payment intent id
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    fail_next: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refund_status: str = "succeeded"
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- helpers for tests ----------------------------------------------------------------

    def posts(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def complete(self, session_id: str, *, payment_status: str = "paid") -> dict[str, Any]:
        """The payer finished checkout: the session is complete, with a payment intent and charge."""
        session = self.sessions[session_id]
        n = next(self.counter)
        intent = f"pi_test_{n}"
        session.update(status="complete", payment_status=payment_status, payment_intent=intent)
        self.charges[intent] = {
            "id": f"ch_test_{n}",
            "object": "charge",
            "amount": session["amount_total"],
            "amount_refunded": 0,
            "currency": session["currency"],
            "payment_intent": intent,
            "refunded": False,
            "metadata": {},
        }
        return dict(session)

    def expire(self, session_id: str) -> dict[str, Any]:
        self.sessions[session_id].update(status="expired")
        return dict(self.sessions[session_id])

    def add_session(self, **fields: Any) -> dict[str, Any]:
        """A checkout that exists only at Stripe (for reconciliation tests)."""
        n = next(self.counter)
        session = self._session({"mode": "payment", "metadata": {}, **fields}, n)
        session.update(fields)
        self.sessions[session["id"]] = session
        return session

    # --- the API ----------------------------------------------------------------------------

    def _session(self, params: dict[str, Any], n: int) -> dict[str, Any]:
        items = params.get("line_items") or []
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
        currency = items[0]["price_data"]["currency"] if items else "eur"
        session_id = f"cs_test_{n:04d}"
        return {
            "id": session_id,
            "object": "checkout.session",
            "amount_total": amount,
            "amount_subtotal": amount,
            "currency": currency,
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "created": int(time.time()),
            "expires_at": int(time.time()) + 86400,
            "livemode": False,
            "metadata": params.get("metadata") or {},
            "mode": params.get("mode", "payment"),
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
        }

    def _expanded(self, session: dict[str, Any], expand: list[str]) -> dict[str, Any]:
        session = dict(session)
        wants = {e.removeprefix("data.") for e in expand}
        intent = session.get("payment_intent")
        if intent and "payment_intent.latest_charge" in wants:
            charge = self.charges.get(intent)
            session["payment_intent"] = {
                "id": intent,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "latest_charge": dict(charge) if charge else None,
            }
        return session

    def handle(self, method: str, path: str, params: dict[str, Any], key: str | None) -> tuple[int, dict[str, Any]]:
        if self.fail_next:
            return self.fail_next.pop(0)
        if method == "POST" and key and key in self.idempotent:
            return self.idempotent[key]
        result = self._route(method, path, params)
        if method == "POST" and key and result[0] < 500:
            self.idempotent[key] = result
        return result

    def _route(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if path == "/v1/checkout/sessions" and method == "POST":
            session = self._session(params, next(self.counter))
            self.sessions[session["id"]] = session
            return 200, dict(session)
        if path == "/v1/checkout/sessions" and method == "GET":
            created = params.get("created") or {}
            gte, lt = int(created.get("gte", 0)), int(created.get("lt", 2**40))
            data = [
                self._expanded(s, params.get("expand") or [])
                for s in sorted(self.sessions.values(), key=lambda s: s["created"], reverse=True)
                if gte <= s["created"] < lt
            ]
            return 200, {"object": "list", "data": data, "has_more": False, "url": "/v1/checkout/sessions"}
        match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)", path)
        if match and method == "GET":
            session = self.sessions.get(match.group(1))
            if session is None:
                return 404, _error(f"No such checkout.session: '{match.group(1)}'", code="resource_missing")
            return 200, self._expanded(session, params.get("expand") or [])
        if path == "/v1/refunds" and method == "POST":
            intent = params.get("payment_intent")
            charge = self.charges.get(intent)
            if charge is None:
                return 404, _error(f"No such payment_intent: '{intent}'", code="resource_missing")
            amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
            if amount > charge["amount"] - charge["amount_refunded"]:
                return 400, _error("Refund amount is greater than unrefunded amount on charge", code="amount_too_large")
            refund_id = f"re_test_{next(self.counter)}"
            refund = {
                "id": refund_id,
                "object": "refund",
                "amount": amount,
                "charge": charge["id"],
                "currency": charge["currency"],
                "payment_intent": intent,
                "status": self.refund_status,
                "reason": params.get("reason"),
                "metadata": params.get("metadata") or {},
                "created": int(time.time()),
            }
            if self.refund_status in {"succeeded", "pending"}:
                charge["amount_refunded"] += amount
                charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            self.refunds[refund_id] = refund
            return 200, refund
        return 404, _error(f"Unrecognized request URL ({method}: {path}).")


def _error(message: str, *, code: str = "") -> dict[str, Any]:
    return {"error": {"type": "invalid_request_error", "message": message, "code": code}}


def make_handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            pairs = parse_qsl(body if method == "POST" else parts.query, keep_blank_values=True)
            params = decode_form(pairs)
            key = self.headers.get("Idempotency-Key")
            with fake.lock:
                fake.requests.append(Recorded(method, parts.path, params, key, self.headers.get("Authorization")))
                status, payload = fake.handle(method, parts.path, params, key)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{len(fake.requests)}")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

    return Handler


class FakeStripeServer:
    def __init__(self) -> None:
        self.fake = FakeStripe()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.fake))
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.fake.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeStripe:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
