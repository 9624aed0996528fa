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
(2^40 guesses at 20 a minute). Offline guessing after a database leak is what the hash
guards against: 40 bits is far too little for a fast hash (a GPU runs through 2^40
SHA-256 in minutes), so it is stored as **scrypt** with a random per-dossier salt and
light-but-memory-hard parameters (n=2^14, r=8, p=1: ~16 MiB and ~30-50 ms), which makes a
single dossier cost on the order of a thousand CPU-years to exhaust while a lookup stays
well under a tenth of a second. A random salt rather than one derived from the code: two
deployments (or a reissued secret) never share a hash. No app secret (pepper) is mixed
in, so this module needs no Flask and the hash survives a rotated ``SECRET_KEY``.

Stored format (fits ``dossiers.tracking_secret_hash``, 128 characters)::

    scrypt$<n>$<r>$<p>$<salt, base64url>$<32-byte digest, base64url>
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
_SCHEME = "scrypt"


@dataclass(frozen=True)
class TrackingParams:
    """scrypt cost parameters; tests pass cheap ones (the stored hash records its own)."""

    n: int = 2**14
    r: int = 8
    p: int = 1


DEFAULT_PARAMS = TrackingParams()
#: A fixed hash checked against when there is no dossier, so that an unknown code costs
#: the same time as a wrong secret (no timing oracle for which codes exist).
_DUMMY_SALT = b"motcua-no-dossier"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _digest(secret: str, salt: bytes, params: TrackingParams) -> bytes:
    return hashlib.scrypt(secret.encode("ascii"), salt=salt, n=params.n, r=params.r,
                          p=params.p, maxmem=128 * params.r * (params.n + params.p + 2),
                          dklen=32)


def normalize_secret(text: str) -> str:
    """The canonical form of what a citizen typed: upper case, without spaces or hyphens,
    look-alikes mapped (``abcd-efgh`` → ``ABCDEFGH``); anything else is kept, so that a
    wrong character simply fails the check."""
    kept = "".join(c for c in text.upper() if c not in " -\t")
    return kept.translate(_LOOKALIKES)


def format_secret(secret: str) -> str:
    """How the receipt prints it: two groups of four (``7K3Q-M9ZA``)."""
    return f"{secret[:4]}-{secret[4:]}"


def hash_tracking_secret(secret: str, params: TrackingParams = DEFAULT_PARAMS) -> str:
    """The stored form of ``secret`` (see the module docstring)."""
    salt = secrets.token_bytes(16)
    digest = _digest(normalize_secret(secret), salt, params)
    return f"{_SCHEME}${params.n}${params.r}${params.p}${_b64(salt)}${_b64(digest)}"


def issue_tracking_secret(dossier: Dossier,
                          params: TrackingParams = DEFAULT_PARAMS) -> str:
    """A new secret for ``dossier``: its hash is set on the dossier (the caller flushes
    and commits with the reception), the clear secret returned once for the receipt."""
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    dossier.tracking_secret_hash = hash_tracking_secret(secret, params)
    return secret


def _parse(stored: str) -> tuple[TrackingParams, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        return None
    try:
        params = TrackingParams(int(parts[1]), int(parts[2]), int(parts[3]))
        return params, _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None


def check_tracking_secret(dossier: Dossier | None, secret: str) -> bool:
    """Whether ``secret`` is the dossier's tracking secret, in constant time.

    ``dossier`` may be None (no such code) or have no secret (issued before tracking
    existed, or not yet received): the work done is the same as for a wrong secret and
    the answer is False, so callers answer both cases alike.
    """
    candidate = normalize_secret(secret)
    stored = dossier.tracking_secret_hash if dossier is not None else None
    parsed = _parse(stored) if stored else None
    if parsed is None or not candidate.isascii():
        _digest("0" * SECRET_LENGTH, _DUMMY_SALT, DEFAULT_PARAMS)
        return False
    params, salt, expected = parsed
    return hmac.compare_digest(_digest(candidate, salt, params), expected)
