"""Password hashing: argon2id with argon2-cffi's recommended parameters (RFC 9106 low-memory profile).

Hashes written before issue 14 are ``scrypt$N$r$p$salt$digest`` (hashlib.scrypt at N=2**14): they
still verify, and :func:`needs_rehash` says yes for them, so the next successful sign-in replaces
them with argon2id. It says yes too for an argon2 hash made with other parameters than today's
(``PasswordHasher.check_needs_rehash``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 4

_hasher = PasswordHasher()

#: A hash of nothing anybody types, made with today's parameters: an unknown name costs the same
#: verification as a known one (tests/integration/test_sign_in_security.py checks its parameters).
DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$xxDyniddOFwl2zQIMSVXyQ$kobyt8qJNPAGuGwZvwYr5XmtLG4p9fpfjaIFke8pqfE"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True for a legacy scrypt hash and for argon2 hashes with outdated parameters."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        digest = hashlib.scrypt(
            password.encode("utf-8", "surrogatepass"),
            salt=base64.b64decode(salt_b64),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(base64.b64decode(digest_b64)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))
