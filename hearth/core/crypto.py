"""Field-level encryption: the client's SSN (3.02.1) is stored encrypted, with a clear last four and a keyed digest.

One column holds the whole stored form, so every write path (``save``, ``bulk_create``, ``bulk_update``, the importer's
COPY) stores the same thing and no second column can drift out of step::

    1234:Zb3x...22 chars...:k1:<base64url of nonce + AES-256-GCM ciphertext and tag>
    ^^^^ ^^^^^^^^^^^^^^^^^^ ^^  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    last four (clear: HUD treats it as a search key, characters 1-4)
         keyed digest (HMAC-SHA-256 of the SSN, first 16 bytes; characters 6-27), for exact matches without decrypting
                            key id (rotation: old keys stay readable while configured)
                                the SSN itself

Indexes on characters 1-4 and 6-27 serve "last four" and "exact SSN" queries. ``EncryptedSsnField`` hides all of this:
code reads and assigns ``client.ssn`` as plain text, ``filter(ssn=...)`` compares digests and ``filter(ssn__last4=...)``
the clear last four; other lookups are refused rather than silently comparing ciphertext.

Keys: ``HEARTH_FIELD_KEY`` (``id:base64key`` entries, comma-separated, the first one encrypts) or a file named by
``HEARTH_FIELD_KEY_FILE`` with the same content. Without either, development and tests use ``VAR_DIR/field.key``,
generated once. Each 32-byte key yields two sub-keys (HKDF-SHA-256): one encrypts, one computes digests.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Lookup, Transform

from hearth.core.fields import HudCharField

KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
_AAD = b"hearth:client.ssn"
# Stored form: the positions are fixed so that the database can index them (see the module docstring).
LAST4_START, LAST4_LEN = 1, 4
DIGEST_START, DIGEST_LEN = 6, 22
STORED_MAX_LENGTH = 128


class FieldKeyError(ImproperlyConfigured):
    """The field-encryption key is missing, malformed, or does not open a stored value."""


@dataclass(frozen=True)
class FieldKey:
    id: str
    cipher: AESGCM
    mac_key: bytes


@dataclass(frozen=True)
class Keyring:
    keys: tuple[FieldKey, ...]  # the first one encrypts; all of them decrypt

    @property
    def current(self) -> FieldKey:
        return self.keys[0]

    def get(self, key_id: str) -> FieldKey:
        for key in self.keys:
            if key.id == key_id:
                return key
        raise FieldKeyError(
            f"an SSN is encrypted with field key {key_id!r}, which is not configured (HEARTH_FIELD_KEY or "
            "HEARTH_FIELD_KEY_FILE must still list it)"
        )


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"hearth field key: " + purpose).derive(
        secret
    )


def make_field_key(key_id: str, secret: bytes) -> FieldKey:
    if not _KEY_ID.match(key_id):
        raise FieldKeyError(f"field key id {key_id!r}: use 1-16 letters, digits, '_' or '-'")
    if len(secret) != KEY_BYTES:
        raise FieldKeyError(f"field key {key_id!r} must be {KEY_BYTES} bytes (base64), not {len(secret)}")
    return FieldKey(key_id, AESGCM(_derive(secret, b"encrypt")), _derive(secret, b"lookup digest"))


def parse_keyring(text: str) -> Keyring:
    """Keys from ``id:base64key`` entries separated by commas or new lines (a bare key gets the id ``k1``)."""
    keys: list[FieldKey] = []
    text = re.sub(r"#[^\n]*", "", text)  # comments, to the end of the line
    for entry in re.split(r"[,\s]+", text.strip()):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep:
            key_id, encoded = "k1", entry
        try:
            secret = base64.b64decode(encoded + "=" * (-len(encoded) % 4), altchars=b"-_" if "-" in encoded else None)
        except ValueError as exc:
            raise FieldKeyError(f"field key {key_id!r} is not valid base64") from exc
        if any(k.id == key_id for k in keys):
            raise FieldKeyError(f"field key id {key_id!r} appears twice")
        keys.append(make_field_key(key_id, secret))
    if not keys:
        raise FieldKeyError("no field key given")
    return Keyring(tuple(keys))


def new_key_entry(key_id: str) -> str:
    """A fresh ``id:base64key`` entry."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def _development_key(path: Path) -> str:
    """The development key file's content, generated once (atomically: parallel test runs agree on one key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".field-key-")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(new_key_entry("dev1") + "\n")
            with contextlib.suppress(FileExistsError):  # another process made it first: theirs is used
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_text()


def configured_keyring_text() -> str:
    from django.conf import settings

    if settings.FIELD_KEY:
        return settings.FIELD_KEY
    if settings.FIELD_KEY_FILE:
        try:
            return Path(settings.FIELD_KEY_FILE).read_text()
        except OSError as exc:
            raise FieldKeyError(f"HEARTH_FIELD_KEY_FILE {settings.FIELD_KEY_FILE}: {exc}") from exc
    return _development_key(Path(settings.FIELD_KEY_DEV_FILE))


@cache
def keyring() -> Keyring:
    """The configured keys, read once per process (``keyring.cache_clear()`` after changing the settings)."""
    return parse_keyring(configured_keyring_text())


# --- the stored form ----------------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def normalize(ssn: str) -> str:
    """What the digest is computed over: HUD's ``x`` for an unknown digit in either case is the same."""
    return ssn.strip().lower()


def last_four(ssn: str) -> str:
    """The last four characters of an SSN (of HUD's hashed form, the clear first four), padded with ``x``."""
    ssn = normalize(ssn)
    return (ssn[:4] if len(ssn) > 9 else ssn[-4:]).rjust(4, "x")


def _digest(key: FieldKey, ssn: str) -> str:
    return _b64(hmac.new(key.mac_key, normalize(ssn).encode(), hashlib.sha256).digest()[:16])


def lookup_digests(ssn: str) -> list[str]:
    """The digests an SSN may be stored under: one per configured key (more than one only while rotating)."""
    return [_digest(key, ssn) for key in keyring().keys]


def is_sealed(value: str) -> bool:
    """Whether ``value`` is the stored form (an SSN as typed is at most 11 characters and has no ``:``)."""
    return len(value) > 30 and value[4] == ":" and value[27] == ":"


def seal_ssn(ssn: str | None, key: FieldKey | None = None) -> str:
    """The stored form of an SSN (blank stays blank; a stored form is returned as it is)."""
    if not ssn:
        return ""
    if is_sealed(ssn):
        return ssn
    key = key or keyring().current
    nonce = os.urandom(12)
    token = _b64(nonce + key.cipher.encrypt(nonce, ssn.encode(), _AAD))
    return f"{last_four(ssn)}:{_digest(key, ssn)}:{key.id}:{token}"


def open_ssn(stored: str | None) -> str:
    """The SSN in a stored form (blank stays blank; a value that is not a stored form is returned as it is)."""
    if not stored or not is_sealed(stored):
        return stored or ""
    key_id, _sep, token = stored[DIGEST_START + DIGEST_LEN :].partition(":")
    raw = _unb64(token)
    return keyring().get(key_id).cipher.decrypt(raw[:12], raw[12:], _AAD).decode()


def stored_key_id(stored: str) -> str:
    """The id of the key a stored form was encrypted with ("" when blank)."""
    return stored[DIGEST_START + DIGEST_LEN :].partition(":")[0] if stored and is_sealed(stored) else ""


# --- the model field ----------------------------------------------------------------------------------------------


class _Substr(models.Func):
    """A fixed part of the stored form. The positions are literals in the SQL (not parameters) so that the database
    matches a query to the index on the same expression."""

    function = "SUBSTR"
    start = 1
    length = 1
    output_field = models.CharField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = f"%(function)s(%(expressions)s, {self.start}, {self.length})"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="SUBSTRING", **extra)


class SealedLastFour(_Substr):
    """The clear last four of a stored SSN (index expression and the ``last4`` lookup)."""

    start, length = LAST4_START, LAST4_LEN


class SealedDigest(_Substr):
    """The keyed digest of a stored SSN (index expression and exact lookups)."""

    start, length = DIGEST_START, DIGEST_LEN


class EncryptedSsnField(HudCharField):
    """An SSN: plain text in Python, the stored form (see the module docstring) in the database."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("max_length", STORED_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return open_ssn(value) if value else value

    def to_python(self, value: Any) -> Any:
        # A stored form (a merge snapshot, a serialized fixture) comes back as the SSN.
        value = super().to_python(value)
        return open_ssn(value) if isinstance(value, str) else value

    def value_to_string(self, obj: Any) -> str:
        # Serializers (dumpdata) write the encrypted form, never the SSN in clear.
        return seal_ssn(self.value_from_object(obj))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, str) and is_sealed(value):
            return value  # sealed already (the importer's rows): not opened by to_python and sealed again
        value = super().get_db_prep_value(value, connection, prepared)
        return seal_ssn(value) if isinstance(value, str) else value

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertext (contains, startswith, ordering ranges, ...) would give wrong answers without an error.
        if lookup_name not in ("exact", "isnull", "in"):
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, name: str) -> Any:
        return SsnLastFourTransform if name == "last4" else None


class SsnLastFourTransform(SealedLastFour, Transform):
    """``filter(ssn__last4="1234")``: the clear last four (served by the index on ``SealedLastFour``)."""

    lookup_name = "last4"


def _plain_rhs(lookup: Lookup, value: Any) -> str:
    if hasattr(value, "resolve_expression"):
        raise TypeError(f"{lookup.lhs}: an encrypted SSN is compared with a value, not an expression")
    return str(value)


def _digest_condition(compiler: Any, connection: Any, lhs: Any, values: list[str]) -> tuple[str, list[Any]]:
    """SQL for "the stored SSN is one of ``values``": digests (all keys) for SSNs, the empty string for blank."""
    digests = [d for value in values if value for d in lookup_digests(value)]
    parts, params = [], []
    if digests:
        sql, sql_params = compiler.compile(SealedDigest(lhs))
        marks = ", ".join(["%s"] * len(digests))
        parts.append(f"{sql} = %s" if len(digests) == 1 else f"{sql} IN ({marks})")
        params += [*sql_params, *digests]
    if any(not value for value in values):
        sql, sql_params = compiler.compile(lhs)
        parts.append(f"{sql} = %s")
        params += [*sql_params, ""]
    if not parts:
        return "1 = 0", []
    return " OR ".join(parts) if len(parts) == 1 else "(" + " OR ".join(parts) + ")", params


@EncryptedSsnField.register_lookup
class SsnExact(Lookup):
    """``filter(ssn="123456789")``: the digest of the value (under each configured key), never the ciphertext."""

    lookup_name = "exact"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return _digest_condition(compiler, connection, self.lhs, [_plain_rhs(self, self.rhs)])


@EncryptedSsnField.register_lookup
class SsnIn(Lookup):
    """``filter(ssn__in=[...])``: as ``exact``, for several values."""

    lookup_name = "in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("an encrypted SSN is compared with values, not a query")
        return _digest_condition(compiler, connection, self.lhs, [_plain_rhs(self, v) for v in self.rhs])
