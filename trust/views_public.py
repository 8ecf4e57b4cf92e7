"""Machine endpoints under /pki/ (no login, no language prefix, no CSRF): the addresses are
baked into every certificate. Bad input gets a protocol-level refusal, never a 500."""

from __future__ import annotations

import base64
import binascii

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trust.selectors import authority_by_slug
from trust.services import crl_current, ocsp_respond, tsa_respond
from trust.services.ocsp import ocsp_malformed
from trust.services.tsa import rejection

MAX_PROTOCOL_BODY = 64 * 1024


def _der_response(body: bytes, content_type: str, *, filename: str = "", max_age: int | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if max_age is not None:
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def ca_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    ca = authority_by_slug(slug)
    if ca is None or ca.certificate is None:
        raise Http404
    return _der_response(bytes(ca.certificate.der), "application/pkix-cert", filename=f"{slug}.cer", max_age=86400)


@require_GET
def crl(request: HttpRequest, slug: str) -> HttpResponse:
    ca = authority_by_slug(slug)
    if ca is None or ca.certificate is None:
        raise Http404
    return _der_response(crl_current(ca=ca), "application/pkix-crl", filename=f"{slug}.crl", max_age=300)


def _ocsp_malformed() -> HttpResponse:
    return _der_response(ocsp_malformed(), "application/ocsp-response")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ocsp(request: HttpRequest, encoded: str = "") -> HttpResponse:
    """RFC 6960 §A.1: POST with the DER request as body, or GET with it base64 in the path."""
    if request.method == "POST":
        try:
            body = request.body
        except Exception:  # RequestDataTooBig and friends
            return _ocsp_malformed()
        if len(body) > MAX_PROTOCOL_BODY:
            return _ocsp_malformed()
        return _der_response(ocsp_respond(body), "application/ocsp-response")
    try:
        body = base64.b64decode(encoded.replace(" ", "+"), validate=True)
    except (binascii.Error, ValueError):
        return _ocsp_malformed()
    return _der_response(ocsp_respond(body), "application/ocsp-response", max_age=60)


@csrf_exempt
@require_POST
def tsa(request: HttpRequest) -> HttpResponse:
    """RFC 3161 §3.4: application/timestamp-query in, application/timestamp-reply out."""
    try:
        body = request.body
    except Exception:
        body = None
    if body is None or len(body) > MAX_PROTOCOL_BODY:
        reply = rejection("bad_data_format", "The request is too large.")
    else:
        reply = tsa_respond(body)
    return _der_response(reply, "application/timestamp-reply")
