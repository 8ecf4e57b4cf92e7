import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from trust.exceptions import KeyStoreError
from trust.keystore import SALT_FILE, FileKeyStore, KeyStore, get_keystore, master_unwrap, master_wrap


def _der(key):
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def test_file_store_round_trip_and_encrypted_at_rest(tmp_path):
    store = FileKeyStore(tmp_path, "master-one")
    key = ec.generate_private_key(ec.SECP256R1())
    store.put("alpha", key)
    assert isinstance(store, KeyStore)
    assert store.exists("alpha") and not store.exists("beta")
    assert _der(FileKeyStore(tmp_path, "master-one").get("alpha")) == _der(key)
    on_disk = (tmp_path / "alpha.key").read_bytes()
    assert _der(key) not in on_disk
    assert stat.S_IMODE(os.stat(tmp_path / "alpha.key").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / SALT_FILE).st_mode) == 0o600


def test_file_store_refuses_overwrite_bad_names_and_wrong_master(tmp_path):
    store = FileKeyStore(tmp_path, "master-one")
    store.put("alpha", ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(KeyStoreError):
        store.put("alpha", ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(KeyStoreError):
        store.put("../escape", ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(KeyStoreError):
        store.get("missing")
    with pytest.raises(KeyStoreError, match="wrong TRUST_MASTER_KEY"):
        FileKeyStore(tmp_path, "master-two").get("alpha")


def test_a_key_file_renamed_to_another_name_does_not_decrypt(tmp_path):
    store = FileKeyStore(tmp_path, "m")
    store.put("alpha", ec.generate_private_key(ec.SECP256R1()))
    (tmp_path / "beta.key").write_bytes((tmp_path / "alpha.key").read_bytes())
    with pytest.raises(KeyStoreError):
        FileKeyStore(tmp_path, "m").get("beta")


def test_master_wrap_is_bound_to_its_context(settings, tmp_path):
    settings.TRUST_KEY_DIR = tmp_path
    blob = master_wrap(b"secret bytes", context="a")
    assert b"secret bytes" not in blob
    assert master_unwrap(blob, context="a") == b"secret bytes"
    with pytest.raises(KeyStoreError):
        master_unwrap(blob, context="b")
    settings.TRUST_MASTER_KEY = "another master key"
    with pytest.raises(KeyStoreError):
        master_unwrap(blob, context="a")


def test_get_keystore_follows_settings(settings, tmp_path):
    settings.TRUST_KEY_DIR = tmp_path / "one"
    first = get_keystore()
    assert get_keystore() is first
    settings.TRUST_KEY_DIR = tmp_path / "two"
    assert get_keystore() is not first
    assert isinstance(get_keystore(), FileKeyStore)
