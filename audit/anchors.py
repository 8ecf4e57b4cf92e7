"""Checking the journal against its published, time-stamped anchors.

An anchor says "entry #seq had hash H"; the TSA's RFC 3161 token covers SHA-256 of
``statement(seq, H)``. The time-stamping itself is done above (the exchange's
``anchor_journal`` command, with the trust services' TSA); this module only reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from audit.models import JournalAnchor, JournalEntry


def statement(seq: int, head_hash: str) -> bytes:
    return f"journal-anchor:{seq}:{head_hash}".encode()


@dataclass(frozen=True)
class AnchorProblem:
    seq: int
    problem: str


def token_problem(token_der: bytes, data: bytes) -> str:
    """Why an RFC 3161 TimeStampResp does not cover ``data`` (empty when it does).

    Checks the imprint, the content digest and the TSA's signature with the certificate the
    token carries; whether that certificate chains to the deployment's root is checked with
    ``openssl ts -verify`` against the published chain."""
    try:
        response = tsp.TimeStampResp.load(bytes(token_der))
        signed = response["time_stamp_token"]["content"]
        tst_der = signed["encap_content_info"]["content"].parsed.dump()
        info = tsp.TSTInfo.load(tst_der)
        imprint = info["message_imprint"]
        if imprint["hash_algorithm"]["algorithm"].native != "sha256":
            return "the token's imprint is not SHA-256"
        if imprint["hashed_message"].native != hashlib.sha256(data).digest():
            return "the time-stamp covers other data"
        signer = signed["signer_infos"][0]
        attrs = {a["type"].native: a["values"][0].native for a in signer["signed_attrs"]}
        if attrs.get("message_digest") != hashlib.sha256(tst_der).digest():
            return "the token's content digest is wrong"
        certs = [c.chosen for c in signed["certificates"] if isinstance(c.chosen, asn1_x509.Certificate)]
        serial = signer["sid"].chosen["serial_number"].native
        cert = next((c for c in certs if c.serial_number == serial), None)
        if cert is None:
            return "the token carries no TSA certificate"
        public_key = x509.load_der_x509_certificate(cert.dump()).public_key()
        to_verify = signer["signed_attrs"].untag().dump()
        signature = signer["signature"].native
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, to_verify, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, to_verify, padding.PKCS1v15(), hashes.SHA256())
        else:
            return "the TSA key type is not supported"
    except InvalidSignature:
        return "the TSA's signature does not verify"
    except Exception as exc:
        return f"the time-stamp token cannot be read ({exc.__class__.__name__}: {exc})"
    return ""


def load_published(path: str | Path) -> list[dict]:
    """A published copy of the anchors (the public page's JSON: a list of {seq, head_hash})."""
    data = json.loads(Path(path).read_text())
    rows = data.get("anchors", data) if isinstance(data, dict) else data
    return [{"seq": int(row["seq"]), "head_hash": str(row["head_hash"])} for row in rows]


def verify_anchors(*, published: list[dict] | None = None) -> list[AnchorProblem]:
    """Every anchor (stored, and each published one) must match the chain as it stands."""
    problems: list[AnchorProblem] = []
    stored = {a.seq: a for a in JournalAnchor.objects.order_by("seq")}
    wanted = set(stored) | {row["seq"] for row in published or []}
    hashes_at = dict(JournalEntry.objects.filter(seq__in=wanted).values_list("seq", "entry_hash"))
    for seq, anchor in stored.items():
        if hashes_at.get(seq) != anchor.head_hash:
            problems.append(AnchorProblem(seq, "the chain no longer reaches the anchored hash"))
            continue
        why = token_problem(bytes(anchor.token), statement(seq, anchor.head_hash))
        if why:
            problems.append(AnchorProblem(seq, why))
    for row in published or []:
        if hashes_at.get(row["seq"]) != row["head_hash"]:
            problems.append(AnchorProblem(row["seq"], "the chain does not match the published anchor"))
        elif row["seq"] not in stored:
            problems.append(AnchorProblem(row["seq"], "a published anchor is missing from the database"))
    return sorted(problems, key=lambda p: p.seq)
