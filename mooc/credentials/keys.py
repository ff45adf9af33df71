"""The issuer's Ed25519 keys: a key ring file (JSON) whose last key signs; rotated keys keep
only their public half, so that the DID document still lists them and old credentials verify."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

from mooc.credentials import multikey

FILE_NAME = "issuer-keys.json"


class KeyFileError(RuntimeError):
    """The key file named by MOOC_ISSUER_KEY_FILE is missing or unreadable."""


@dataclass(frozen=True)
class KeyRing:
    """The issuer's keys, oldest first; `entries` as stored (secrets only for the signing key)."""

    entries: tuple[dict, ...]

    @property
    def signing(self) -> dict:
        """The newest key: the one that signs."""
        return self.entries[-1]

    @property
    def private_key(self) -> Ed25519PrivateKey:
        """The signing key's private half."""
        return multikey.secret_key(self.signing["secretKeyMultibase"])

    def public_keys(self) -> list[str]:
        """Every key's `z6Mk…` Multikey, oldest first."""
        return [entry["publicKeyMultibase"] for entry in self.entries]

    def public_key(self, multibase: str) -> Ed25519PublicKey | None:
        """The public key of one of our Multikeys, or None when it is not ours."""
        return multikey.public_key(multibase) if multibase in self.public_keys() else None


def key_file() -> str:
    """MOOC_ISSUER_KEY_FILE, or the key ring in the instance folder."""
    return current_app.config.get("ISSUER_KEY_FILE") or os.path.join(
        current_app.instance_path, FILE_NAME
    )


def new_entry() -> dict:
    """A fresh key with its creation date."""
    key = Ed25519PrivateKey.generate()
    return {
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publicKeyMultibase": multikey.public_multibase(key.public_key()),
        "secretKeyMultibase": multikey.secret_multibase(key),
    }


def read(path: str) -> KeyRing:
    """The key ring stored at `path`."""
    try:
        with open(path, encoding="utf-8") as handle:
            entries = tuple(json.load(handle)["keys"])
        if not entries or "secretKeyMultibase" not in entries[-1]:
            raise ValueError("the newest key has no secret half")
        multikey.secret_key(entries[-1]["secretKeyMultibase"])
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyFileError(f"{path}: not an issuer key file ({error})") from error
    return KeyRing(entries)


def write_new(path: str, ring: KeyRing, *, replace: bool) -> bool:
    """Write a key ring (owner-only permissions); without `replace`, only if no file exists
    yet (True when written; another process may have won the race)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".issuer-keys-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            json.dump({"keys": list(ring.entries)}, output, indent=2)
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)  # atomic, fails when the file exists
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def load() -> KeyRing:
    """The issuer's key ring; the first use creates it in the instance folder (a file named by
    MOOC_ISSUER_KEY_FILE must exist: `flask credentials keygen` writes it)."""
    path = key_file()
    try:
        return read(path)
    except FileNotFoundError:
        if current_app.config.get("ISSUER_KEY_FILE"):
            raise KeyFileError(
                f"{path} does not exist: create it with `flask credentials keygen`"
            ) from None
    write_new(path, KeyRing((new_entry(),)), replace=False)
    return read(path)


def generate(*, rotate: bool = False) -> tuple[KeyRing, bool]:
    """Create the key ring, or (with `rotate`) add a new signing key and drop the old one's
    secret half; returns the ring and whether a key was made."""
    path = key_file()
    try:
        ring = read(path)
    except FileNotFoundError:
        ring = None
    if ring is None:
        ring = KeyRing((new_entry(),))
        write_new(path, ring, replace=False)
        return read(path), True
    if not rotate:
        return ring, False
    retired = tuple(
        {key: value for key, value in entry.items() if key != "secretKeyMultibase"}
        for entry in ring.entries
    )
    ring = KeyRing((*retired, new_entry()))
    write_new(path, ring, replace=True)
    return ring, True
