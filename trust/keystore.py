"""Where the private keys of the CAs, the TSA, the OCSP responders and the seals live.

``KeyStore`` is the one interface the rest of the app uses; ``FileKeyStore`` keeps each key
in a file under ``settings.TRUST_KEY_DIR``, encrypted with AES-256-GCM under a key derived
(HKDF-SHA256) from ``settings.TRUST_MASTER_KEY`` and a random per-deployment salt file. An
HSM or KMS store replaces it by implementing the same three methods and naming the class in
``settings.TRUST_KEYSTORE_CLASS``.

``master_wrap`` / ``master_unwrap`` use the same master secret (with another HKDF label) to
add an outer layer of encryption to the PIN-encrypted keys held for people, so a copy of the
database alone is not enough to mount an offline PIN guessing attack.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from trust.exceptions import KeyStoreError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,100}$")
_FILE_MAGIC = b"TK1"
_WRAP_MAGIC = b"MW1"
_NONCE = 12
SALT_FILE = "deployment.salt"


@runtime_checkable
class KeyStore(Protocol):
    def put(self, name: str, key: PrivateKeyTypes) -> None:
        """Store a new key; refuses to replace an existing one."""

    def get(self, name: str) -> PrivateKeyTypes:
        """The key stored under ``name``; ``KeyStoreError`` if there is none."""

    def exists(self, name: str) -> bool: ...


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise KeyStoreError(f"Invalid key name {name!r}.")
    return name


def _deployment_salt(directory: Path) -> bytes:
    """Read the salt, creating it (once, race-free) on first use."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / SALT_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    salt = path.read_bytes()
    if len(salt) != 32:
        raise KeyStoreError(f"The key store salt file {path} is damaged.")
    return salt


def _derive(master: str, salt: bytes, label: bytes) -> bytes:
    if not master:
        raise ImproperlyConfigured("TRUST_MASTER_KEY is not set.")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=label).derive(master.encode())


class FileKeyStore:
    """Keys as encrypted PKCS#8 files: ``<dir>/<name>.key`` = magic | nonce | AES-GCM(der)."""

    def __init__(self, directory: Path | str, master_key: str) -> None:
        self.directory = Path(directory)
        self._aead = AESGCM(_derive(master_key, _deployment_salt(self.directory), b"trust-keystore-v1"))
        self._cache: dict[str, PrivateKeyTypes] = {}
        self._lock = threading.Lock()

    def _path(self, name: str) -> Path:
        return self.directory / f"{_check_name(name)}.key"

    def exists(self, name: str) -> bool:
        return self._path(name).exists()

    def put(self, name: str, key: PrivateKeyTypes) -> None:
        der = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        nonce = secrets.token_bytes(_NONCE)
        blob = _FILE_MAGIC + nonce + self._aead.encrypt(nonce, der, name.encode())
        try:
            fd = os.open(self._path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise KeyStoreError(f"A key named {name!r} already exists; keys are never replaced.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())

    def get(self, name: str) -> PrivateKeyTypes:
        with self._lock:
            cached = self._cache.get(name)
        if cached is not None:
            return cached
        try:
            blob = self._path(name).read_bytes()
        except FileNotFoundError:
            raise KeyStoreError(f"No key named {name!r} in {self.directory}.")
        if not blob.startswith(_FILE_MAGIC):
            raise KeyStoreError(f"Key file {name!r} has an unknown format.")
        nonce, ciphertext = blob[3 : 3 + _NONCE], blob[3 + _NONCE :]
        try:
            der = self._aead.decrypt(nonce, ciphertext, name.encode())
        except InvalidTag:
            raise KeyStoreError(f"Key {name!r} cannot be decrypted: wrong TRUST_MASTER_KEY or a damaged file.")
        key = serialization.load_der_private_key(der, password=None)
        with self._lock:
            self._cache[name] = key
        return key


_stores: dict[tuple, KeyStore] = {}
_stores_lock = threading.Lock()


def get_keystore() -> KeyStore:
    """The configured key store (one instance per directory and class, keys cached in it)."""
    class_path = getattr(settings, "TRUST_KEYSTORE_CLASS", "trust.keystore.FileKeyStore")
    ident = (class_path, str(settings.TRUST_KEY_DIR), settings.TRUST_MASTER_KEY)
    with _stores_lock:
        store = _stores.get(ident)
        if store is None:
            store = import_string(class_path)(settings.TRUST_KEY_DIR, settings.TRUST_MASTER_KEY)
            _stores[ident] = store
    return store


def _wrap_aead() -> AESGCM:
    directory = Path(settings.TRUST_KEY_DIR)
    return AESGCM(_derive(settings.TRUST_MASTER_KEY, _deployment_salt(directory), b"trust-master-wrap-v1"))


def master_wrap(data: bytes, *, context: str) -> bytes:
    """Encrypt ``data`` under the deployment's master key, bound to ``context``."""
    nonce = secrets.token_bytes(_NONCE)
    return _WRAP_MAGIC + nonce + _wrap_aead().encrypt(nonce, data, context.encode())


def master_unwrap(blob: bytes, *, context: str) -> bytes:
    blob = bytes(blob)
    if not blob.startswith(_WRAP_MAGIC):
        raise KeyStoreError("Wrapped data has an unknown format.")
    try:
        return _wrap_aead().decrypt(blob[3 : 3 + _NONCE], blob[3 + _NONCE :], context.encode())
    except InvalidTag:
        raise KeyStoreError("Wrapped data cannot be decrypted: wrong TRUST_MASTER_KEY or another record's data.")
