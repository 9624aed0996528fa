"""Duration distributions: the scenario form, the packed arrays and both samplers.

Lifecycle: a scenario names a distribution in minutes (``{dist: lognormal, mean: 12,
cv: 0.6}``); :meth:`DistSpec.from_mapping` validates it into a :class:`DistSpec` (stored
in the native parameters of :class:`~simulations.model.DistKind`); the compiler collects
the specs of a network and :func:`pack` turns them into the
:class:`~simulations.model.Distributions` arrays the kernel reads; the kernel draws with
:func:`draw`, tests and the SimPy benchmark with :func:`sample`.

:func:`draw` is hand-written (Box–Muller, Marsaglia–Tsang, inverse CDFs) because a numba
function cannot call a numpy ``Generator``; it takes its uniforms from the counter-based
:func:`simulations.rng.uniform`, so every draw is a pure function of its key. An empirical
distribution is the inverse CDF that interpolates linearly between its sorted values, so
its mean is the trapezoid mean of those values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from simulations.errors import ScenarioError
from simulations.model import F64, I8, I64, DistKind, Distributions
from simulations.rng import uniform

__all__ = ["DistArrays", "DistSpec", "arrays", "draw", "pack", "sample"]

DistArrays = tuple[I8, F64, F64, F64, I64, F64]

_NAMES = {k.name.lower(): k for k in DistKind}
_FIELDS = {
    "fixed": ("value",),
    "exponential": ("mean",),
    "lognormal": ("mean", "cv", "mu", "sigma"),
    "gamma": ("mean", "cv", "shape", "scale"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "empirical": ("values",),
}


def _number(data: Mapping[str, object], key: str, name: str, *, positive: bool = False) -> float:
    """Read one numeric field, naming ``key.name`` and the value when it is unusable."""
    if name not in data:
        raise ScenarioError(f"{key}.{name} is required", key=f"{key}.{name}", value=None)
    raw = data[name]
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ScenarioError(
            f"{key}.{name} must be a finite number of minutes, got {raw!r}",
            key=f"{key}.{name}",
            value=raw,
        )
    value = float(raw)
    if value < 0 or (positive and value == 0):
        need = "positive" if positive else "zero or more"
        raise ScenarioError(
            f"{key}.{name} must be {need}, got {raw!r}", key=f"{key}.{name}", value=raw
        )
    return value


@dataclass(frozen=True)
class DistSpec:
    """One duration distribution in the kernel's native parameters (see ``DistKind``)."""

    kind: DistKind
    p1: float = 0.0
    p2: float = 0.0
    p3: float = 0.0
    values: tuple[float, ...] = ()

    @classmethod
    def fixed(cls, value: float) -> DistSpec:
        return cls(DistKind.FIXED, float(value))

    @classmethod
    def exponential(cls, mean: float) -> DistSpec:
        return cls(DistKind.EXPONENTIAL, float(mean))

    @classmethod
    def lognormal(cls, mean: float, cv: float) -> DistSpec:
        """From the mean and coefficient of variation of the duration itself."""
        sigma2 = math.log1p(cv * cv)
        return cls(DistKind.LOGNORMAL, math.log(mean) - sigma2 / 2, math.sqrt(sigma2))

    @classmethod
    def gamma(cls, mean: float, cv: float) -> DistSpec:
        return cls(DistKind.GAMMA, 1.0 / (cv * cv), mean * cv * cv)

    @classmethod
    def triangular(cls, low: float, mode: float, high: float) -> DistSpec:
        return cls(DistKind.TRIANGULAR, float(low), float(mode), float(high))

    @classmethod
    def uniform(cls, low: float, high: float) -> DistSpec:
        return cls(DistKind.UNIFORM, float(low), float(high))

    @classmethod
    def empirical(cls, values: Sequence[float]) -> DistSpec:
        return cls(DistKind.EMPIRICAL, values=tuple(sorted(float(v) for v in values)))

    def mean(self) -> float:
        """The expected duration (the trapezoid mean for an empirical distribution)."""
        p1, p2, p3 = self.p1, self.p2, self.p3
        means = {
            DistKind.FIXED: p1,
            DistKind.EXPONENTIAL: p1,
            DistKind.LOGNORMAL: math.exp(p1 + p2 * p2 / 2),
            DistKind.GAMMA: p1 * p2,
            DistKind.TRIANGULAR: (p1 + p2 + p3) / 3,
            DistKind.UNIFORM: (p1 + p2) / 2,
        }
        if self.kind != DistKind.EMPIRICAL:
            return means[self.kind]
        v = self.values
        if len(v) == 1:
            return v[0]
        return (sum(v) - (v[0] + v[-1]) / 2) / (len(v) - 1)

    def scaled(self, factor: float) -> DistSpec:
        """The distribution of every sample multiplied by ``factor`` (a time cut)."""
        f = float(factor)
        match self.kind:
            case DistKind.LOGNORMAL:
                return DistSpec(self.kind, self.p1 + math.log(f), self.p2)
            case DistKind.GAMMA:
                return DistSpec(self.kind, self.p1, self.p2 * f)
            case DistKind.EMPIRICAL:
                return DistSpec(self.kind, values=tuple(v * f for v in self.values))
        return DistSpec(self.kind, self.p1 * f, self.p2 * f, self.p3 * f)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, key: str) -> DistSpec:
        """Validate the scenario form (minutes); errors name ``key.<field>`` and the value."""
        if not isinstance(data, Mapping):
            raise ScenarioError(
                f"{key} must be a mapping such as {{dist: exponential, mean: 5}}, got {data!r}",
                key=key,
                value=data,
            )
        name = data.get("dist")
        if not isinstance(name, str) or name not in _NAMES:
            raise ScenarioError(
                f"{key}.dist must be one of {', '.join(_NAMES)}, got {name!r}",
                key=f"{key}.dist",
                value=name,
            )
        extra = sorted(set(data) - {"dist", *_FIELDS[name]})
        if extra:
            raise ScenarioError(
                f"{key}.{extra[0]} is not a parameter of {name} "
                f"(allowed: {', '.join(_FIELDS[name])})",
                key=f"{key}.{extra[0]}",
                value=data[extra[0]],
            )
        return _PARSERS[name](data, key)

    def to_mapping(self) -> dict[str, object]:
        """The scenario form, in the native parameters (round-trips through from_mapping)."""
        name = self.kind.name.lower()
        if self.kind == DistKind.EMPIRICAL:
            return {"dist": name, "values": list(self.values)}
        names = _NATIVE[self.kind]
        return {"dist": name} | dict(zip(names, (self.p1, self.p2, self.p3), strict=False))


_NATIVE = {
    DistKind.FIXED: ("value",),
    DistKind.EXPONENTIAL: ("mean",),
    DistKind.LOGNORMAL: ("mu", "sigma"),
    DistKind.GAMMA: ("shape", "scale"),
    DistKind.TRIANGULAR: ("low", "mode", "high"),
    DistKind.UNIFORM: ("low", "high"),
}


def _parse_fixed(data: Mapping[str, object], key: str) -> DistSpec:
    return DistSpec.fixed(_number(data, key, "value"))


def _parse_exponential(data: Mapping[str, object], key: str) -> DistSpec:
    return DistSpec.exponential(_number(data, key, "mean", positive=True))


def _parse_lognormal(data: Mapping[str, object], key: str) -> DistSpec:
    if "mu" in data or "sigma" in data:
        mu = data.get("mu")
        if isinstance(mu, bool) or not isinstance(mu, int | float) or not math.isfinite(mu):
            raise ScenarioError(
                f"{key}.mu must be a finite number, got {mu!r}", key=f"{key}.mu", value=mu
            )
        return DistSpec(DistKind.LOGNORMAL, float(mu), _number(data, key, "sigma"))
    mean = _number(data, key, "mean", positive=True)
    return DistSpec.lognormal(mean, _number(data, key, "cv"))


def _parse_gamma(data: Mapping[str, object], key: str) -> DistSpec:
    if "shape" in data or "scale" in data:
        shape = _number(data, key, "shape", positive=True)
        return DistSpec(DistKind.GAMMA, shape, _number(data, key, "scale", positive=True))
    mean = _number(data, key, "mean", positive=True)
    return DistSpec.gamma(mean, _number(data, key, "cv", positive=True))


def _parse_triangular(data: Mapping[str, object], key: str) -> DistSpec:
    low, mode, high = (_number(data, key, f) for f in ("low", "mode", "high"))
    if not low <= mode <= high or low == high:
        raise ScenarioError(
            f"{key}.mode must lie in [low, high] with low < high, got {low}, {mode}, {high}",
            key=f"{key}.mode",
            value=data["mode"],
        )
    return DistSpec.triangular(low, mode, high)


def _parse_uniform(data: Mapping[str, object], key: str) -> DistSpec:
    low, high = _number(data, key, "low"), _number(data, key, "high")
    if high < low:
        raise ScenarioError(
            f"{key}.high must be at least low ({low}), got {data['high']!r}",
            key=f"{key}.high",
            value=data["high"],
        )
    return DistSpec.uniform(low, high)


def _parse_empirical(data: Mapping[str, object], key: str) -> DistSpec:
    raw = data.get("values")
    if not isinstance(raw, list | tuple) or not raw:
        raise ScenarioError(
            f"{key}.values must be a non-empty list of minutes, got {raw!r}",
            key=f"{key}.values",
            value=raw,
        )
    items = {str(i): v for i, v in enumerate(raw)}
    return DistSpec.empirical([_number(items, f"{key}.values", str(i)) for i in range(len(raw))])


_PARSERS = {
    "fixed": _parse_fixed,
    "exponential": _parse_exponential,
    "lognormal": _parse_lognormal,
    "gamma": _parse_gamma,
    "triangular": _parse_triangular,
    "uniform": _parse_uniform,
    "empirical": _parse_empirical,
}


def pack(specs: Sequence[DistSpec]) -> Distributions:
    """The kernel's arrays; row ``i`` is ``specs[i]``."""
    lengths = [len(s.values) if s.kind == DistKind.EMPIRICAL else 0 for s in specs]
    values = [v for s in specs if s.kind == DistKind.EMPIRICAL for v in s.values]
    return Distributions(
        kind=np.array([int(s.kind) for s in specs], dtype=np.int8),
        p1=np.array([s.p1 for s in specs], dtype=np.float64),
        p2=np.array([s.p2 for s in specs], dtype=np.float64),
        p3=np.array([s.p3 for s in specs], dtype=np.float64),
        emp_off=np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64),
        emp_values=np.array(values, dtype=np.float64),
    )


def sample(spec: DistSpec, rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` draws with numpy (tests, benchmarks); same distribution as :func:`draw`."""
    p1, p2, p3 = spec.p1, spec.p2, spec.p3
    samplers: dict[DistKind, Callable[[], np.ndarray]] = {
        DistKind.FIXED: lambda: np.full(size, p1),
        DistKind.EXPONENTIAL: lambda: rng.exponential(p1, size),
        DistKind.LOGNORMAL: lambda: rng.lognormal(p1, p2, size),
        DistKind.GAMMA: lambda: rng.gamma(p1, p2, size),
        DistKind.TRIANGULAR: lambda: rng.triangular(p1, p2, p3, size),
        DistKind.UNIFORM: lambda: rng.uniform(p1, p2, size),
    }
    if spec.kind in samplers:
        return samplers[spec.kind]()
    values = np.asarray(spec.values, dtype=np.float64)
    grid = np.linspace(0.0, 1.0, len(values))
    out: np.ndarray = np.interp(rng.random(size), grid, values)
    return out


@njit(cache=True)
def _normal(seed: int, stream: int, counter: int, index: int) -> float:
    """A standard normal by Box–Muller from uniforms ``index`` and ``index + 1``."""
    u1 = uniform(seed, stream, counter, index)
    u2 = uniform(seed, stream, counter, index + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@njit(cache=True)
def _gamma(shape: float, seed: int, stream: int, counter: int) -> float:
    """Marsaglia–Tsang for shape >= 1; shape < 1 boosted by ``U ** (1 / shape)``."""
    boost = 1.0
    k = shape
    if k < 1.0:
        boost = uniform(seed, stream, counter, 0) ** (1.0 / k)
        k += 1.0
    d = k - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    index = 1
    while True:
        x = _normal(seed, stream, counter, index)
        u = uniform(seed, stream, counter, index + 2)
        index += 3
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        if math.log(u) < 0.5 * x * x + d - d * v + d * math.log(v):
            return d * v * boost


@njit(cache=True)
def _triangular(low: float, mode: float, high: float, u: float) -> float:
    span = high - low
    if span <= 0.0:
        return low
    cut = (mode - low) / span
    if u < cut:
        return low + math.sqrt(u * span * (mode - low))
    return high - math.sqrt((1.0 - u) * span * (high - mode))


@njit(cache=True)
def _empirical(values: np.ndarray, lo: int, hi: int, u: float) -> float:
    n = hi - lo
    if n == 1:
        return float(values[lo])
    pos = u * (n - 1)
    i = min(int(pos), n - 2)
    frac = pos - i
    return float(values[lo + i] * (1.0 - frac) + values[lo + i + 1] * frac)


@njit(cache=True)
def draw(dists: DistArrays, row: int, seed: int, stream: int, counter: int) -> float:
    """One draw from distribution ``row``, a pure function of ``(seed, stream, counter)``.

    ``dists`` is :func:`arrays` of the network's :class:`~simulations.model.Distributions`.
    """
    kind, p1, p2, p3, emp_off, emp_values = dists
    k = kind[row]
    value = 0.0
    if k == 0:
        value = p1[row]
    elif k == 1:
        value = -p1[row] * math.log(uniform(seed, stream, counter, 0))
    elif k == 2:
        value = math.exp(p1[row] + p2[row] * _normal(seed, stream, counter, 0))
    elif k == 3:
        value = p2[row] * _gamma(p1[row], seed, stream, counter)
    else:
        u = uniform(seed, stream, counter, 0)
        if k == 4:
            value = _triangular(p1[row], p2[row], p3[row], u)
        elif k == 5:
            value = p1[row] + (p2[row] - p1[row]) * u
        else:
            value = _empirical(emp_values, emp_off[row], emp_off[row + 1], u)
    return float(value)


def arrays(dists: Distributions) -> DistArrays:
    """The tuple form :func:`draw` takes (numba passes a tuple of arrays natively)."""
    return (dists.kind, dists.p1, dists.p2, dists.p3, dists.emp_off, dists.emp_values)
