"""Password hashing with the standard library's scrypt, and the password rules.

Why scrypt from :mod:`hashlib`: it is memory-hard (a GPU or ASIC guessing passwords pays
for memory, not only for arithmetic), OWASP lists it among the acceptable password hashes,
and OpenSSL ships it, so no dependency is added.

Parameters (:data:`DEFAULT_PARAMS`): ``n = 2**14, r = 8, p = 5``, a 16-byte random salt and
a 32-byte key. That is one of the OWASP Password Storage Cheat Sheet's equivalent scrypt
settings; it needs 16 MiB per hash (``128 * n * r`` bytes) and took ~125 ms on the
development machine. The memory cost per concurrent login is what a web worker can
afford; ``p`` buys time without more memory. Stronger settings are a constructor
argument away; raising them later needs no migration:

- stored hashes describe themselves, ``scrypt$<n>$<r>$<p>$<salt b64>$<key b64>``, so a hash
  written with older parameters is still verified with them, and
- :meth:`PasswordHasher.needs_rehash` tells the login to store a fresh hash with the
  current parameters once the password is known again.

Parameters read from the database are bounded (:data:`MAX_N`, ...) before use, so a
corrupted or tampered row cannot make one login allocate gigabytes.

Passwords are normalised to Unicode NFC before hashing: Vietnamese keyboards (Telex, VNI)
and operating systems differ in whether "ệ" arrives as one code point or as "e" plus two
combining marks, and an officer must be able to log in from any of them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from engine.accounts.errors import AccountValidationError

__all__ = [
    "COMMON_PASSWORDS",
    "DEFAULT_PARAMS",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "PasswordHasher",
    "ScryptParams",
    "check_password_rules",
]

MIN_PASSWORD_LENGTH = 10
#: Long enough for any passphrase; bounded so a request cannot hash megabytes.
MAX_PASSWORD_LENGTH = 256
#: Bounds on parameters read back from a stored hash (see the module docstring).
MAX_N, MAX_R, MAX_P = 2**20, 32, 64
_SCHEME = "scrypt"

#: Passwords refused whatever their length: the most common leaked ones of length 10 or
#: more, and Vietnamese ones seen in leaks ("matkhau" is "password"). Compared after
#: lower-casing and NFC normalisation. A small list on purpose: it stops the first guesses
#: of an online attack; the lockout and rate limit stop the rest.
COMMON_PASSWORDS: frozenset[str] = frozenset({
    "1234567890", "12345678910", "123456789a", "1234567890a", "0123456789",
    "0987654321", "1111111111", "0000000000", "1234512345", "1122334455",
    "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwerty12345", "qwerty123456",
    "asdfghjkl1", "zxcvbnm123", "password12", "password123", "password1234",
    "passw0rd123", "iloveyou12", "iloveyou123", "abc1234567", "abcd123456",
    "abcdefghij", "aaaaaaaaaa", "administrator", "admin12345", "admin123456",
    "welcome123", "letmein123", "changeme123", "motdepasse", "football123",
    "matkhau123", "matkhau1234", "matkhaumoi", "matkhau@123", "anhyeuem123",
    "emyeuanh123", "vietnam123", "vietnam1234", "hanoi12345", "saigon1234",
    "dalat12345", "lamdong123", "lamdong1234", "motcua1234", "motcua12345",
    "hanhchinh123", "thutuchanhchinh", "123456789@", "12345678@a", "a123456789",
})


@dataclass(frozen=True)
class ScryptParams:
    """The cost of one hash: CPU/memory cost ``n`` (a power of two), block size ``r``,
    parallelism ``p``."""

    n: int
    r: int
    p: int

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1) or self.n > MAX_N:
            raise ValueError(f"scrypt n={self.n}: use a power of two from 2 to {MAX_N}")
        if not 1 <= self.r <= MAX_R or not 1 <= self.p <= MAX_P:
            raise ValueError(f"scrypt r={self.r}, p={self.p}: r must be 1..{MAX_R}, "
                             f"p 1..{MAX_P}")

    @property
    def memory(self) -> int:
        """Bytes scrypt needs (OpenSSL refuses to run above ``maxmem``)."""
        return 128 * self.n * self.r


DEFAULT_PARAMS = ScryptParams(n=2**14, r=8, p=5)


def _normalise(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


@dataclass(frozen=True)
class PasswordHasher:
    """Hashes and verifies passwords in the self-describing format above."""

    params: ScryptParams = DEFAULT_PARAMS
    salt_bytes: int = 16
    key_bytes: int = 32

    def hash(self, password: str) -> str:
        salt = secrets.token_bytes(self.salt_bytes)
        key = self._derive(_normalise(password), salt, self.params, self.key_bytes)
        p = self.params
        return f"{_SCHEME}${p.n}${p.r}${p.p}${_b64(salt)}${_b64(key)}"

    def verify(self, password: str, encoded: str | None) -> bool:
        """True when ``password`` matches ``encoded``; False for a malformed hash too.

        Without a stored hash (``None``: the account has no password) a dummy hash of the
        same cost is computed anyway, so the answer takes as long as a real check.
        """
        parsed = self._parse(encoded) if encoded else None
        if parsed is None:
            self._derive(_normalise(password), self._dummy_salt, self.params, self.key_bytes)
            return False
        params, salt, key = parsed
        candidate = self._derive(_normalise(password), salt, params, len(key))
        return hmac.compare_digest(candidate, key)

    def needs_rehash(self, encoded: str | None) -> bool:
        """True when ``encoded`` was written with other parameters than this hasher's."""
        parsed = self._parse(encoded) if encoded else None
        return parsed is None or parsed[0] != self.params or len(parsed[2]) != self.key_bytes

    @cached_property
    def _dummy_salt(self) -> bytes:
        return secrets.token_bytes(self.salt_bytes)

    @staticmethod
    def _derive(password: bytes, salt: bytes, params: ScryptParams, length: int) -> bytes:
        return hashlib.scrypt(password, salt=salt, n=params.n, r=params.r, p=params.p,
                              maxmem=params.memory + 2**20, dklen=length)

    @staticmethod
    def _parse(encoded: str) -> tuple[ScryptParams, bytes, bytes] | None:
        parts = encoded.split("$")
        if len(parts) != 6 or parts[0] != _SCHEME:
            return None
        try:
            params = ScryptParams(int(parts[1]), int(parts[2]), int(parts[3]))
            salt, key = _unb64(parts[4]), _unb64(parts[5])
        except (ValueError, binascii.Error):
            return None
        if not salt or not 16 <= len(key) <= 64:
            return None
        return params, salt, key


def check_password_rules(password: str, *, username: str) -> None:
    """Refuse a password that is too short, too long, common or built on the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountValidationError(
            f"the password has {len(password)} characters; use at least "
            f"{MIN_PASSWORD_LENGTH} (a few unrelated words are easy to remember)")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountValidationError(
            f"the password is longer than {MAX_PASSWORD_LENGTH} characters; shorten it")
    folded = unicodedata.normalize("NFC", password).lower()
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2:
        raise AccountValidationError(
            "this password is among the most commonly used ones or repeats one or two "
            "characters; choose another")
    if username and username.lower() in folded:
        raise AccountValidationError("the password must not contain the username; "
                                     "choose another")
