import asyncio
import hashlib
import os

import pytest
from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko_certvalidator import ValidationContext

from trust.constants import DEFAULT_TSA_POLICY_OID, CertificateKind
from trust.models import Certificate

DATA = b"the document"


def request(*, algorithm="sha256", digest=None, nonce=True, cert_req=True, policy=None, extensions=None):
    fields = {
        "version": "v1",
        "message_imprint": {
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": algorithm}),
            "hashed_message": digest if digest is not None else hashlib.new(algorithm, DATA).digest(),
        },
        "cert_req": cert_req,
    }
    if nonce:
        fields["nonce"] = int.from_bytes(os.urandom(8), "big")
    if policy:
        fields["req_policy"] = policy
    if extensions:
        fields["extensions"] = extensions
    return tsp.TimeStampReq(fields)


def post(client, body: bytes):
    response = client.post("/pki/tsa", data=body, content_type="application/timestamp-query")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    return response.content


class _Status(core.Sequence):
    _fields = [("status", tsp.PKIStatusInfo), ("rest", core.Any, {"optional": True})]


def status_of(reply: bytes):
    info = _Status.load(reply)["status"]
    return info["status"].native, info["fail_info"].native


def test_granted_token_verifies_with_pyhanko(pki, client):
    req = request()
    reply = tsp.TimeStampResp.load(post(client, req.dump()))
    assert reply["status"]["status"].native == "granted"
    signed_data = reply["time_stamp_token"]["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    assert info["nonce"].native == req["nonce"].native
    assert info["message_imprint"]["hashed_message"].native == hashlib.sha256(DATA).digest()
    assert info["policy"].dotted == DEFAULT_TSA_POLICY_OID
    tsa_der = bytes(Certificate.objects.get(kind=CertificateKind.TSA).der)
    assert tsa_der in [c.chosen.dump() for c in signed_data["certificates"]]
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(bytes(pki.certificate.der))], allow_fetching=False
    )
    status = asyncio.run(validate_tst_signed_data(signed_data, context, lambda algo: hashlib.new(algo, DATA).digest()))
    assert status["intact"] and status["valid"]
    assert status["trust_problem_indic"] is None


def test_cert_req_false_leaves_certificates_out_and_sha512_is_accepted(pki, client):
    reply = tsp.TimeStampResp.load(post(client, request(algorithm="sha512", cert_req=False, nonce=False).dump()))
    signed_data = reply["time_stamp_token"]["content"]
    assert not signed_data["certificates"]
    assert signed_data["encap_content_info"]["content"].parsed["nonce"].native is None


@pytest.mark.parametrize(
    "req, fail_info",
    [
        (lambda: request(algorithm="sha1"), "bad_alg"),
        (lambda: request(algorithm="md5"), "bad_alg"),
        (lambda: request(digest=b"short"), "bad_data_format"),
        (lambda: request(policy="1.2.3.4"), "unaccepted_policy"),
        (
            lambda: request(extensions=[{"extn_id": "1.2.3.4", "critical": False, "extn_value": b"x"}]),
            "unaccepted_extensions",
        ),
    ],
)
def test_bad_requests_are_rejected_with_a_reason(pki, client, req, fail_info):
    assert status_of(post(client, req().dump())) == ("rejection", {fail_info})


def test_our_own_policy_may_be_asked_for(pki, client):
    assert status_of(post(client, request(policy=DEFAULT_TSA_POLICY_OID).dump()))[0] == "granted"


def test_garbage_and_empty_bodies_are_rejected_not_500(pki, client):
    for body in (b"", b"not asn1", cms.ContentInfo({"content_type": "data", "content": b"x"}).dump(), b"\x30\x80"):
        assert status_of(post(client, body)) == ("rejection", {"bad_data_format"})
    assert client.get("/pki/tsa").status_code == 405


def test_without_a_hierarchy_the_tsa_refuses_politely(db, client):
    assert status_of(post(client, request().dump())) == ("rejection", {"system_failure"})
