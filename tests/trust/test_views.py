from django.urls import reverse

from exchange.models import AccessLogEntry
from tests.trust.conftest import issue
from trust.constants import CertificateKind
from trust.models import Certificate


def test_repository_lists_authorities_services_and_seals(pki, client):
    response = client.get(reverse("trust:repository"))
    page = response.content.decode()
    assert response.status_code == 200
    assert pki.certificate.fingerprint_sha256 in page
    assert "http://testserver/pki/ca/root.cer" in page and "http://testserver/pki/crl/eresident-id.crl" in page
    assert "http://testserver/pki/ocsp" in page and "http://testserver/pki/tsa" in page
    assert "Maksu- ja Tolliamet" in page
    assert 'style="' not in page and "<script>" not in page


def test_repository_without_a_hierarchy(db, client):
    response = client.get(reverse("trust:repository"))
    assert response.status_code == 200 and "No certification authority" in response.content.decode()


def test_register_filters_and_logs_person_reads(pki, client_for, personas):
    creds = issue(holder=personas["alice"])
    ivan = client_for("ivan")
    listing = ivan.get(reverse("trust:certificates"), {"q": "38001085718", "kind": CertificateKind.PERSON_SIGN})
    page = listing.content.decode()
    assert listing.status_code == 200
    assert str(creds.signing_certificate.code) in page and str(creds.auth_certificate.code) not in page
    assert ivan.get(reverse("trust:certificates"), {"kind": "bogus"}).status_code == 200
    assert AccessLogEntry.objects.count() == 0
    detail = ivan.get(reverse("trust:certificate_detail", kwargs={"code": creds.signing_certificate.code}))
    assert detail.status_code == 200 and creds.signing_certificate.serial_hex in detail.content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.person == personas["alice"] and entry.reader == personas["ivan"]
    download = ivan.get(reverse("trust:certificate_download", kwargs={"code": creds.signing_certificate.code}))
    assert download.content == bytes(creds.signing_certificate.der)
    assert AccessLogEntry.objects.count() == 2


def test_reading_a_seal_certificate_logs_nothing(pki, client_for):
    seal = Certificate.objects.filter(kind=CertificateKind.SEAL).first()
    assert client_for("aud").get(reverse("trust:certificate_detail", kwargs={"code": seal.code})).status_code == 200
    assert AccessLogEntry.objects.count() == 0


def test_unknown_certificate_is_404(pki, client_for):
    url = reverse("trust:certificate_detail", kwargs={"code": "00000000-0000-0000-0000-000000000000"})
    assert client_for("ivan").get(url).status_code == 404
