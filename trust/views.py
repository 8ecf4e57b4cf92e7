"""Pages of the trust services: the public repository (what to trust, where to ask) and a
read-only certificate register for identity officials and auditors."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.access import official_required
from accounts.constants import Role
from audit.selectors import journal_for
from exchange.services import log_access
from trust.constants import CertificateKind
from trust.forms import CertificateFilterForm
from trust.selectors import authorities, certificate_by_code, certificates, seal_certificates

REGISTER_ROLES = (Role.IDENTITY_OFFICIAL, Role.AUDITOR, Role.ADMINISTRATOR)
PERSON_KINDS = (CertificateKind.PERSON_AUTH, CertificateKind.PERSON_SIGN)


def _absolute(name: str, **kwargs: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def repository(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "ca": ca,
            "certificate_url": _absolute("pki:ca_certificate", slug=ca.slug),
            "crl_url": _absolute("pki:crl", slug=ca.slug),
        }
        for ca in authorities()
    ]
    context = {
        "authorities": rows,
        "seals": seal_certificates(),
        "ocsp_url": _absolute("pki:ocsp"),
        "tsa_url": _absolute("pki:tsa"),
    }
    return render(request, "trust/repository.html", context)


@official_required(*REGISTER_ROLES)
def certificate_list(request: HttpRequest) -> HttpResponse:
    form = CertificateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = certificates(kind=filters.get("kind", ""), status=filters.get("status", ""), query=filters.get("q", ""))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "trust/certificate_list.html", {"form": form, "page": page})


def _certificate_for_official(request: HttpRequest, code) -> object:
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404
    if certificate.kind in PERSON_KINDS:
        holder = getattr(getattr(certificate, "person_key", None), "credential", None)
        log_access(
            reader=request.user,
            person=getattr(holder, "holder", None),
            person_ref=getattr(holder, "personal_code", "") or certificate.subject,
            what="certificate",
            purpose="certificate register",
            record=certificate,
        )
    return certificate


@official_required(*REGISTER_ROLES)
def certificate_detail(request: HttpRequest, code) -> HttpResponse:
    certificate = _certificate_for_official(request, code)
    return render(
        request,
        "trust/certificate_detail.html",
        {"certificate": certificate, "journal": journal_for(certificate)},
    )


@official_required(*REGISTER_ROLES)
def certificate_download(request: HttpRequest, code) -> HttpResponse:
    certificate = _certificate_for_official(request, code)
    response = HttpResponse(bytes(certificate.der), content_type="application/pkix-cert")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial_hex}.cer"'
    return response
