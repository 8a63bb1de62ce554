"""Sealing secret ballots while a poll is open (voting-scoring.md A1, the OpenSlides redesign).

A ballot's choice is encrypted with AES-GCM under a key derived from the server's SECRET_KEY, with
the poll's id as associated data (a sealed ballot cannot be moved to another poll). Someone who reads
a copy of the database during the vote sees neither the choices nor a running tally; closing the
poll unseals every ballot at once, shuffles them and writes them back in the clear.

Receipts: a delegate gets a random code; only its hash, bound to the poll, is stored on the ballot.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from a phone


def _key() -> bytes:
    return hashlib.sha256(b"thidua ballot seal v1\x00" + settings.SECRET_KEY.encode()).digest()


def seal(poll_id: int, choice: Any) -> str:
    nonce = secrets.token_bytes(12)
    data = json.dumps(choice, sort_keys=True, separators=(",", ":")).encode()
    sealed = AESGCM(_key()).encrypt(nonce, data, str(poll_id).encode())
    return base64.b64encode(nonce + sealed).decode()


def unseal(poll_id: int, token: str) -> Any:
    raw = base64.b64decode(token)
    data = AESGCM(_key()).decrypt(raw[:12], raw[12:], str(poll_id).encode())
    return json.loads(data)


def new_receipt() -> str:
    """A 12-character code shown as XXXX-XXXX-XXXX."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def receipt_hash(poll_id: int, code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(f"thidua receipt v1|{poll_id}|{normalised}".encode()).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(f"thidua voting link v1|{token.strip()}".encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)
