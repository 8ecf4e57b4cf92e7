import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction

from audit.models import JournalEntry
from tests.trust.conftest import issue
from trust.constants import KeyRole
from trust.exceptions import (
    CertificateNotUsable,
    HierarchyMissing,
    InvalidPinFormat,
    KeyStoreError,
    PinBlocked,
    PinChangeRequired,
    PukBlocked,
    TrustError,
    WrongPin,
    WrongPuk,
)
from trust.models import Credential, PersonKey
from trust.services import (
    certificate_resume,
    certificate_revoke,
    certificate_suspend,
    credential_authenticate,
    pin_change,
    pin_unblock,
    signing_key_unlock,
)


def wrong(pin: str) -> str:
    return "".join(str((int(d) + 1) % 10) for d in pin)


def tries(creds, role=KeyRole.SIGN):
    return PersonKey.objects.get(credential=creds.credential, role=role).pin_tries_left


def test_issue_returns_fresh_codes_once_and_stores_none(pki, personas):
    creds = issue(holder=personas["alice"], pin2_change_required=True)
    assert len(creds.pin1) == 4 and creds.pin1.isdigit()
    assert len(creds.pin2) == 5 and creds.pin2.isdigit()
    assert len(creds.puk) == 8 and creds.puk.isdigit()
    assert creds.pin2 not in repr(creds) and creds.puk not in repr(creds)
    credential = Credential.objects.get(pk=creds.credential.pk)
    assert credential.holder == personas["alice"] and credential.pin2_change_required
    stored_text = " ".join(
        str(v)
        for row in (credential, *PersonKey.objects.all())
        for v in row.__dict__.values()
        if not isinstance(v, bytes | memoryview)
    )
    assert creds.puk not in stored_text
    journal = JournalEntry.objects.get(action="credentials_issued")
    assert creds.pin1 not in str(journal.data) and creds.puk not in str(journal.data)
    assert journal.subject_id == str(credential.code)


def test_issue_validates_input_and_needs_a_hierarchy(db, pki_material):
    with pytest.raises(HierarchyMissing):
        issue()
    from trust.services import hierarchy_install

    hierarchy_install(material=pki_material, actor="test")
    with pytest.raises(TrustError):
        issue(personal_code="38001085719")  # bad check digit
    with pytest.raises(TrustError):
        issue(given_name=" ")


def test_right_pin_unlocks_the_signing_key(creds):
    key, cert = signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert key.public_key().public_numbers() == cert.x509().public_key().public_numbers()


def test_three_wrong_pins_block_and_the_right_one_no_longer_works(creds):
    with pytest.raises(WrongPin) as first:
        signing_key_unlock(credential=creds.credential, pin2=wrong(creds.pin2))
    assert first.value.tries_left == 2 and "2 tries left" in first.value.message
    with pytest.raises(WrongPin) as second:
        signing_key_unlock(credential=creds.credential, pin2=wrong(creds.pin2))
    assert second.value.tries_left == 1
    with pytest.raises(PinBlocked):
        signing_key_unlock(credential=creds.credential, pin2=wrong(creds.pin2))
    assert tries(creds) == 0
    with pytest.raises(PinBlocked):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert tries(creds) == 0
    assert JournalEntry.objects.filter(action="pin2_blocked").count() == 1
    # PIN1 is a separate key with its own counter.
    assert tries(creds, KeyRole.AUTH) == 3
    credential_authenticate(credential=creds.credential, pin1=creds.pin1, challenge=b"x")


def test_right_pin_resets_the_counter(creds):
    with pytest.raises(WrongPin):
        signing_key_unlock(credential=creds.credential, pin2=wrong(creds.pin2))
    signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert tries(creds) == 3


def test_badly_formed_pins_are_refused_without_counting(creds):
    for bad in ("1234", "abcde", "1234567890123", "", "１２３４５"):
        with pytest.raises(InvalidPinFormat):
            signing_key_unlock(credential=creds.credential, pin2=bad)
    assert tries(creds) == 3


def test_puk_unblocks_and_sets_a_new_pin(creds):
    for _ in range(3):
        with pytest.raises((WrongPin, PinBlocked)):
            signing_key_unlock(credential=creds.credential, pin2=wrong(creds.pin2))
    pin_unblock(credential=creds.credential, role="sign", puk=creds.puk, new_pin="246810", actor="test")
    assert tries(creds) == 3
    signing_key_unlock(credential=creds.credential, pin2="246810")
    with pytest.raises(WrongPin):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert JournalEntry.objects.filter(action="pin2_unblocked").exists()


def test_three_wrong_puks_block_the_puk(creds):
    with pytest.raises(WrongPuk) as first:
        pin_unblock(credential=creds.credential, role="auth", puk=wrong(creds.puk), new_pin="1357", actor="t")
    assert first.value.tries_left == 2 and "PUK" in first.value.message
    with pytest.raises(WrongPuk):
        pin_unblock(credential=creds.credential, role="auth", puk=wrong(creds.puk), new_pin="1357", actor="t")
    with pytest.raises(PukBlocked):
        pin_unblock(credential=creds.credential, role="auth", puk=wrong(creds.puk), new_pin="1357", actor="t")
    with pytest.raises(PukBlocked):
        pin_unblock(credential=creds.credential, role="auth", puk=creds.puk, new_pin="1357", actor="t")
    assert Credential.objects.get(pk=creds.credential.pk).puk_tries_left == 0
    # the old PIN1 still works: a blocked PUK does not touch the PINs
    credential_authenticate(credential=creds.credential, pin1=creds.pin1, challenge=b"x")


def test_right_puk_resets_its_counter(creds):
    with pytest.raises(WrongPuk):
        pin_unblock(credential=creds.credential, role="auth", puk=wrong(creds.puk), new_pin="1357", actor="t")
    pin_unblock(credential=creds.credential, role="auth", puk=creds.puk, new_pin="1357", actor="t")
    assert Credential.objects.get(pk=creds.credential.pk).puk_tries_left == 3
    credential_authenticate(credential=creds.credential, pin1="1357", challenge=b"x")


def test_pin_change(creds):
    with pytest.raises(InvalidPinFormat):
        pin_change(credential=creds.credential, role="auth", old_pin=creds.pin1, new_pin="12", actor="t")
    with pytest.raises(InvalidPinFormat):
        pin_change(credential=creds.credential, role="auth", old_pin=creds.pin1, new_pin=creds.pin1, actor="t")
    with pytest.raises(WrongPin):
        pin_change(credential=creds.credential, role="auth", old_pin=wrong(creds.pin1), new_pin="987654", actor="t")
    assert tries(creds, KeyRole.AUTH) == 2
    pin_change(credential=creds.credential, role="auth", old_pin=creds.pin1, new_pin="987654321012", actor="t")
    assert tries(creds, KeyRole.AUTH) == 3
    credential_authenticate(credential=creds.credential, pin1="987654321012", challenge=b"x")
    with pytest.raises(WrongPin):
        credential_authenticate(credential=creds.credential, pin1=creds.pin1, challenge=b"x")


def test_pin2_must_be_changed_before_the_first_signature(pki):
    creds = issue(pin2_change_required=True)
    with pytest.raises(PinChangeRequired):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert tries(creds) == 3  # refused before any PIN check
    pin_change(credential=creds.credential, role="sign", old_pin=creds.pin2, new_pin="55443", actor="t")
    assert not Credential.objects.get(pk=creds.credential.pk).pin2_change_required
    signing_key_unlock(credential=creds.credential, pin2="55443")


def test_changing_pin1_does_not_lift_the_pin2_requirement(pki):
    creds = issue(pin2_change_required=True)
    pin_change(credential=creds.credential, role="auth", old_pin=creds.pin1, new_pin="9876", actor="t")
    with pytest.raises(PinChangeRequired):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)


def test_authentication_signature_verifies_with_the_auth_certificate(creds):
    signature = credential_authenticate(credential=creds.credential, pin1=creds.pin1, challenge=b"nonce-123")
    creds.auth_certificate.x509().public_key().verify(signature, b"nonce-123", ec.ECDSA(hashes.SHA256()))


def test_suspended_or_revoked_certificates_are_not_usable(creds):
    certificate_suspend(certificate=creds.signing_certificate, actor="t", reason="card lost")
    with pytest.raises(CertificateNotUsable):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    assert tries(creds) == 3
    certificate_resume(certificate=creds.signing_certificate, actor="t")
    signing_key_unlock(credential=creds.credential, pin2=creds.pin2)
    certificate_revoke(certificate=creds.auth_certificate, revocation_reason="key_compromise", actor="t")
    with pytest.raises(CertificateNotUsable):
        credential_authenticate(credential=creds.credential, pin1=creds.pin1, challenge=b"x")


def test_pin_checks_refuse_to_run_inside_a_transaction(creds):
    with transaction.atomic(), pytest.raises(RuntimeError, match="try counter"):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin2)


def test_each_key_copy_is_bound_to_its_own_row(creds):
    """Swapping the wrapped blobs between the two keys must not let PIN1 open the signing key."""
    auth = PersonKey.objects.get(credential=creds.credential, role=KeyRole.AUTH)
    sign = PersonKey.objects.get(credential=creds.credential, role=KeyRole.SIGN)
    PersonKey.objects.filter(pk=sign.pk).update(pin_wrapped=auth.pin_wrapped, pin_salt=auth.pin_salt)
    with pytest.raises(KeyStoreError):
        signing_key_unlock(credential=creds.credential, pin2=creds.pin1 + "0")
