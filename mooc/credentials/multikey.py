"""Ed25519 keys as Multikey: base58btc multibase with the multicodec prefixes of the
Controlled Identifiers and vc-di-eddsa specifications."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUBLIC = b"\xed\x01"  # multicodec ed25519-pub, varint-encoded
ED25519_SECRET = b"\x80\x26"  # multicodec ed25519-priv, varint-encoded


def b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet); leading zero bytes become '1'."""
    number = int.from_bytes(data, "big")
    text = ""
    while number:
        number, rest = divmod(number, 58)
        text = ALPHABET[rest] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def b58decode(text: str) -> bytes:
    """The bytes of a base58 string; ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        index = ALPHABET.find(char)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multibase(data: bytes) -> str:
    """`z` + base58btc."""
    return "z" + b58encode(data)


def from_multibase(text: str) -> bytes:
    """The bytes of a base58btc multibase string."""
    if not text.startswith("z"):
        raise ValueError("only base58btc multibase (z…) is supported")
    return b58decode(text[1:])


def public_multibase(key: Ed25519PublicKey) -> str:
    """`z6Mk…`: the public key as Multikey."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return multibase(ED25519_PUBLIC + raw)


def secret_multibase(key: Ed25519PrivateKey) -> str:
    """`z3u2…`: the 32-byte seed as Multikey."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return multibase(ED25519_SECRET + seed)


def public_key(text: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a `z6Mk…` Multikey; ValueError for anything else."""
    data = from_multibase(text)
    if not data.startswith(ED25519_PUBLIC) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def secret_key(text: str) -> Ed25519PrivateKey:
    """The Ed25519 private key of a secret Multikey: the 32-byte seed, or (as older Digital
    Bazaar libraries wrote it) the seed followed by the public key."""
    data = from_multibase(text)
    if not data.startswith(ED25519_SECRET) or len(data) not in (34, 66):
        raise ValueError("not an Ed25519 secret Multikey")
    key = Ed25519PrivateKey.from_private_bytes(data[2:34])
    if len(data) == 66 and public_multibase(key.public_key()) != multibase(
        ED25519_PUBLIC + data[34:]
    ):
        raise ValueError("the secret Multikey's public half does not match its seed")
    return key
