"""The trusted list: ETSI TS 119 612 XML read with defusedxml (the sample list in
tests/trust/validation/data ships with the project), service types, status history and
the configured list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.trust.validation import material
from trust.validation import trustlist as tl

SAMPLE = Path(__file__).parent / "data" / "sample-trusted-list.xml"


def test_sample_list_services_and_types():
    parsed = tl.parse(SAMPLE.read_bytes(), source="sample")

    kinds = sorted((s.kind, s.qualified, s.name) for s in parsed.services)
    assert kinds == [
        ("CA", False, "Sample Root CA"),
        ("CA", True, "Sample Qualified CA"),
        ("OCSP", True, "Sample OCSP"),
        ("TSA", True, "Sample TSA"),
    ]
    assert {s.provider for s in parsed.services} == {"Sample TSP"}
    assert len(parsed.certificates("CA")) == 2


def test_status_history_decides_when_a_service_was_granted():
    tsa = tl.parse(SAMPLE.read_bytes()).of_kind("TSA")[0]

    assert tsa.granted_at(datetime(2019, 6, 1, tzinfo=UTC))
    assert not tsa.granted_at(datetime(2021, 6, 1, tzinfo=UTC))
    assert not tsa.granted_at(datetime(2015, 1, 1, tzinfo=UTC))


def test_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#">&lol2;</TrustServiceStatusList>'
    )
    with pytest.raises(tl.TrustedListError):
        tl.parse(bomb)


def test_other_xml_is_not_a_trusted_list():
    with pytest.raises(tl.TrustedListError):
        tl.parse(b"<html><body>no</body></html>")


def test_configured_list_reads_the_files_of_the_setting(settings, tmp_path, vpki, monkeypatch):
    monkeypatch.setattr(tl, "system_services", lambda: tl.TrustedList())
    path = tmp_path / "tl.xml"
    path.write_bytes(material.trusted_list_xml(vpki))
    settings.TRUST_VALIDATION_TRUSTED_LISTS = [str(path), str(tmp_path / "missing.xml")]
    settings.TRUST_EXTRA_ANCHORS = []

    configured = tl.configured()

    assert {(s.kind, s.qualified) for s in configured.services} >= {("CA", True), ("TSA", True)}
    assert configured.find(vpki.tsa.asn1, "TSA") is not None


def test_written_list_reads_back_the_same_services(vpki):
    services = material.trusted_list(vpki).services
    again = tl.parse(tl.to_xml(services, operator="x", issued=material.NOW)).services
    assert [(s.kind, s.der, s.periods) for s in again] == [(s.kind, s.der, s.periods) for s in services]
