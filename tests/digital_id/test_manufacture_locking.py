"""The card's keys are made before its row is locked; a run that finds the card made (or
voided) meanwhile must not leave its own certificates usable."""

from __future__ import annotations

import pytest

from audit.services import transition
from digital_id.constants import IdState
from digital_id.models import DigitalId
from digital_id.services import digital_id_manufacture, digital_id_order
from tests.digital_id.conftest import approved_application


def test_keys_made_for_a_card_voided_meanwhile_are_revoked_not_attached(pki, personas, office, monkeypatch):
    import trust.services
    from trust.constants import CertificateStatus

    card = digital_id_order(application=approved_application(personas["alice"], office), actor="test")
    issued = []
    real_issue = trust.services.person_credentials_issue

    def issue_then_void(**kwargs):
        creds = real_issue(**kwargs)
        issued.append(creds)
        # While the keys were being made (no lock held on the card), the card was revoked.
        other = DigitalId.objects.get(pk=card.pk)
        transition(other, "revoke", actor="test", at=other.ordered_at, reason_code="unspecified")
        return creds

    monkeypatch.setattr(trust.services, "person_credentials_issue", issue_then_void)
    assert digital_id_manufacture(digital_id_id=card.pk) is False
    card.refresh_from_db()
    assert card.state == IdState.REVOKED and card.credential_id is None
    (creds,) = issued
    for certificate in (creds.auth_certificate, creds.signing_certificate):
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.REVOKED


@pytest.mark.usefixtures("pki")
def test_a_card_already_made_is_left_alone(made):
    assert digital_id_manufacture(digital_id_id=made.pk) is False
