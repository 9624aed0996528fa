"""Counter-based random numbers for the compiled kernel.

The kernel cannot hold a :class:`numpy.random.Generator` (numba compiles plain functions
over arrays), and a stateful generator would make a dossier's draws depend on the order in
which events of different dossiers happen to be processed. Instead every uniform is a pure
function of its key ``(seed, stream, counter, index)``: the SplitMix64 finaliser applied
to a combination of the four words. In the kernel ``stream`` is the dossier number,
``counter`` counts the dossier's random steps (node visits that draw) and ``index`` the
uniforms one step consumes, so two seeds give independent streams and one seed gives
bit-identical runs.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["mix64", "uniform"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TWO53 = 1.0 / 9007199254740992.0


@njit(cache=True)
def mix64(x: np.uint64) -> np.uint64:
    """SplitMix64's output function: a bijective avalanche of one 64-bit word."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(cache=True)
def uniform(seed: int, stream: int, counter: int, index: int) -> float:
    """A uniform number in the open interval (0, 1), determined by its four-word key."""
    h = mix64(np.uint64(seed))
    h = mix64(h ^ np.uint64(stream))
    h = mix64(h ^ np.uint64(counter))
    h = mix64(h ^ np.uint64(index))
    return (float(h >> _S11) + 0.5) * _TWO53
