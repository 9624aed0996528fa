"""The tracking secret: the second factor a citizen needs, with the dossier code, to look a
dossier up on the public tracking page (``/api/v1/public/dossiers/<code>``).

Why a second factor: dossier codes are guessable (``<agency>-YYMMDD-NNNN`` counts up per
day), so the code alone would let anyone watch anyone's dossier. The secret is printed on
the receipt (Form 01) once, at reception, and never stored in clear.

Lifecycle: :func:`issue_tracking_secret` at reception (the receive view calls it and hands
the clear secret to :func:`api.forms.render_receipt`); issuing again replaces the old one
(a lost receipt is reprinted at the counter with a new secret). :func:`check_tracking_secret`
on every public lookup.

The secret is 8 characters of Crockford's base32 (``0-9 A-Z`` without ``I L O U``), from
:mod:`secrets`: 40 bits, short enough to type from paper, and unambiguous when read aloud
or handwritten; the checker forgives case, spaces, hyphens and the look-alikes ``I L → 1``
and ``O → 0``. Online guessing is stopped by the per-address rate limit of the public API
(2^40 guesses at 20 a minute).

Offline guessing after a database leak is what the stored form guards against. It is a
**keyed hash**, HMAC-SHA256 under a server-side key, of ``<dossier code>:<normalized
secret>``. The key is passed in by the caller (this module needs no Flask): the API derives
it from the app's ``SECRET_KEY`` (``api.public.tracking.tracking_key``), which lives in a
file outside the database. Why not a slow hash: 40 bits is too little for *any* unkeyed
hash, slow or not (scrypt at n=2^14 still leaves one dossier at about a thousand
CPU-years, but a few dossiers are within reach of a botnet, and it cost ~30 ms of CPU per
reception and per lookup, half the server's time). With a key, an attacker who steals the
database but not the key cannot test a single guess offline: without the key every
candidate hash is equally likely, whatever the guessing budget. It costs microseconds.
Binding the dossier code into the message means a hash copied onto another dossier row
does not verify there. The comparison is constant-time (:func:`hmac.compare_digest`), and
an unknown code, a dossier without a secret or a malformed stored value costs one dummy
HMAC, the same as a wrong secret (no timing oracle for which codes exist).

Consequences: rotating ``SECRET_KEY`` invalidates every printed secret (the lookups then
answer "not found"; a reprint at the counter issues a new secret under the new key), and
so does changing a dossier's code. Whoever holds both the key and the database can still
brute-force 40 bits: keep the key file out of database backups.

Stored formats (fit ``dossiers.tracking_secret_hash``, 128 characters)::

    hmac-sha256$v1$<64 hex digits>                                   (issued now)
    scrypt$<n>$<r>$<p>$<salt, base64url>$<digest, base64url>         (legacy, still checked)

Legacy scrypt hashes (issued before the keyed hash) still verify, with scrypt, only when
the stored value says scrypt; they take ~30 ms, so for those dossiers alone the lookup time
tells that the code exists (the secret still protects them); a reprint moves a dossier to
the keyed hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.dossiers.models import Dossier

__all__ = [
    "ALPHABET",
    "HMAC_PREFIX",
    "SECRET_LENGTH",
    "TrackingParams",
    "check_tracking_secret",
    "format_secret",
    "hash_tracking_secret",
    "issue_tracking_secret",
    "normalize_secret",
]

#: Crockford's base32 alphabet: no I, L, O, U (read as 1, 1, 0 and not used).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_LENGTH = 8
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
#: The scheme and version of the stored keyed hash.
HMAC_PREFIX = "hmac-sha256$v1$"
_SCRYPT = "scrypt"
#: Checked against when there is nothing to check (no dossier, no or a malformed stored
#: value), so that an unknown code costs the same as a wrong secret.
_DUMMY_CODE = "-"


@dataclass(frozen=True)
class TrackingParams:
    """scrypt cost parameters of a legacy stored hash (only ever read from one now)."""

    n: int = 2**14
    r: int = 8
    p: int = 1


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(secret: str, salt: bytes, params: TrackingParams, dklen: int) -> bytes:
    return hashlib.scrypt(secret.encode("ascii"), salt=salt, n=params.n, r=params.r,
                          p=params.p, maxmem=128 * params.r * (params.n + params.p + 2) + 2**20,
                          dklen=dklen)


def _mac(key: bytes, code: str, secret: str) -> bytes:
    message = f"{code}:{secret}".encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).digest()


def normalize_secret(text: str) -> str:
    """The canonical form of what a citizen typed: upper case, without spaces or hyphens,
    look-alikes mapped (``abcd-efgh`` → ``ABCDEFGH``); anything else is kept, so that a
    wrong character simply fails the check."""
    kept = "".join(c for c in text.upper() if c not in " -\t")
    return kept.translate(_LOOKALIKES)


def format_secret(secret: str) -> str:
    """How the receipt prints it: two groups of four (``7K3Q-M9ZA``)."""
    return f"{secret[:4]}-{secret[4:]}"


def _check_key(key: bytes) -> bytes:
    if not isinstance(key, bytes) or len(key) < 16:
        raise ValueError("the tracking key must be at least 16 bytes (derive it from the "
                         "app's SECRET_KEY: api.public.tracking.tracking_key)")
    return key


def hash_tracking_secret(secret: str, code: str, key: bytes) -> str:
    """The stored form of ``secret`` for the dossier ``code`` under ``key`` (see the
    module docstring)."""
    digest = _mac(_check_key(key), code, normalize_secret(secret))
    return HMAC_PREFIX + digest.hex()


def issue_tracking_secret(dossier: Dossier, key: bytes) -> str:
    """A new secret for ``dossier`` (which must have its code): its keyed hash is set on
    the dossier (the caller flushes and commits with the reception), the clear secret
    returned once for the receipt."""
    if not dossier.code:
        raise ValueError("a tracking secret is bound to the dossier code: receive first")
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    dossier.tracking_secret_hash = hash_tracking_secret(secret, dossier.code, key)
    return secret


def _parse_hmac(stored: str) -> bytes | None:
    if not stored.startswith(HMAC_PREFIX):
        return None
    try:
        digest = bytes.fromhex(stored[len(HMAC_PREFIX):])
    except ValueError:
        return None
    return digest if len(digest) == hashlib.sha256().digest_size else None


def _parse_scrypt(stored: str) -> tuple[TrackingParams, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCRYPT:
        return None
    try:
        params = TrackingParams(int(parts[1]), int(parts[2]), int(parts[3]))
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None
    if not (1 < params.n <= 2**20 and params.n & (params.n - 1) == 0
            and 1 <= params.r <= 32 and 1 <= params.p <= 16 and 16 <= len(digest) <= 64):
        return None  # not something this module ever wrote: no unbounded work on it
    return params, salt, digest


def check_tracking_secret(dossier: Dossier | None, secret: str, key: bytes) -> bool:
    """Whether ``secret`` is the dossier's tracking secret, in constant time.

    ``dossier`` may be None (no such code) or have no secret (issued before tracking
    existed, or not yet received): the work done is the same as for a wrong secret (one
    HMAC) and the answer is False, so callers answer both cases alike. A legacy scrypt
    hash is checked with scrypt (module docstring).
    """
    _check_key(key)
    candidate = normalize_secret(secret)
    stored = (dossier.tracking_secret_hash if dossier is not None else None) or ""
    code = (dossier.code if dossier is not None else None) or ""
    expected = _parse_hmac(stored)
    if expected is not None and code:
        return hmac.compare_digest(_mac(key, code, candidate), expected)
    legacy = _parse_scrypt(stored)
    if legacy is not None and candidate.isascii():
        params, salt, digest = legacy
        return hmac.compare_digest(_scrypt(candidate, salt, params, len(digest)), digest)
    hmac.compare_digest(_mac(key, _DUMMY_CODE, candidate), bytes(32))
    return False
