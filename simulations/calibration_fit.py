"""Fitting one sample of durations: candidate families, AIC choice, KS goodness of fit.

Lifecycle: :mod:`simulations.calibration` collects a sample (office minutes of one step)
and calls :func:`fit_sample`, which fits lognormal, gamma and exponential with the
location fixed at zero (durations start at zero; a free location overfits small samples),
keeps the family of least AIC and tests it with the Kolmogorov-Smirnov statistic. The
p-value is computed with parameters estimated from the same sample, so it is optimistic
(a Lilliefors-type correction would lower it); it flags gross misfits, not fine ones.

The result is a report row plus, when the sample is large enough, a distribution mapping
in the scenario's vocabulary (``{dist: lognormal, mean: ..., cv: ...}``), which is what
:class:`simulations.distributions.DistSpec` reads. Its mean is the sample mean: for gamma
and exponential that is the maximum-likelihood mean anyway, for lognormal the two differ
slightly, and a simulated queue's load depends on the mean, so the data's own is kept;
the shape (cv) and the KS test are those of the maximum-likelihood fit.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = ["CANDIDATES", "MIN_OBSERVATIONS", "Fit", "fit_sample"]

#: below this many observations a fit is not trusted: the default is kept and a warning given
MIN_OBSERVATIONS = 20
#: family → (scipy distribution, number of free parameters with loc fixed at 0)
CANDIDATES: dict[str, tuple[Any, int]] = {
    "lognormal": (stats.lognorm, 2),
    "gamma": (stats.gamma, 2),
    "exponential": (stats.expon, 1),
}


@dataclass(frozen=True)
class Fit:
    """The fitted family of one sample, or ``None`` when it was not fitted."""

    row: dict[str, Any]
    mapping: dict[str, Any] | None = None
    aic: dict[str, float] = field(default_factory=dict)


def _mapping(family: str, params: tuple[float, ...]) -> dict[str, Any]:
    """Scenario mapping of a scipy fit (shape, loc, scale) as mean and coefficient of variation."""
    if family == "lognormal":
        sigma, _loc, scale = params
        mean = scale * math.exp(sigma**2 / 2)
        cv = math.sqrt(math.expm1(sigma**2))
        return {"dist": "lognormal", "mean": _round(mean), "cv": _round(cv)}
    if family == "gamma":
        shape, _loc, scale = params
        return {"dist": "gamma", "mean": _round(shape * scale), "cv": _round(1 / math.sqrt(shape))}
    _loc, scale = params
    return {"dist": "exponential", "mean": _round(scale)}


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def _fit_one(family: str, sample: npt.NDArray[np.float64]) -> tuple[tuple[float, ...], float]:
    """Maximum-likelihood parameters and AIC of one family; silent on numeric noise."""
    distribution, k = CANDIDATES[family]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            params = tuple(float(p) for p in distribution.fit(sample, floc=0))
        except (ValueError, RuntimeError, FloatingPointError):
            return (), math.inf  # a degenerate sample this family cannot describe
        loglik = float(np.sum(distribution.logpdf(sample, *params)))
    aic = 2 * k - 2 * loglik if math.isfinite(loglik) else math.inf
    return params, aic


def fit_sample(what: str, values: npt.NDArray[np.float64], *, unit: str = "min") -> Fit:
    """Fit ``values`` (durations of ``what``); a report row and, if trusted, a mapping.

    Non-positive values (events recorded outside office hours, or in the same instant)
    carry no information about a positive duration and are left out, with a count in the
    row's warning.
    """
    values = np.asarray(values, dtype=np.float64)
    positive = values[np.isfinite(values) & (values > 0)]
    dropped = len(values) - len(positive)
    row: dict[str, Any] = {
        "what": what,
        "n": len(positive),
        "unit": unit,
        "mean": _round(float(positive.mean())) if len(positive) else None,
        "chosen": None,
        "params": None,
        "ks": None,
        "p_value": None,
        "aic": {},
        "warning": "",
    }
    notes = [f"{dropped} zero or negative durations left out"] if dropped else []
    if len(positive) < MIN_OBSERVATIONS:
        notes.append(
            f"only {len(positive)} observations (at least {MIN_OBSERVATIONS} are needed): "
            "the default distribution is kept"
        )
        row["warning"] = "; ".join(notes)
        return Fit(row)
    if np.ptp(positive) <= 1e-9 * positive[0]:
        value = _round(float(positive[0]))
        notes.append("every observation is equal: a fixed duration")
        row |= {"chosen": "fixed", "params": {"value": value}, "warning": "; ".join(notes)}
        return Fit(row, {"dist": "fixed", "value": value})
    fits = {family: _fit_one(family, positive) for family in CANDIDATES}
    aic = {family: _round(fit[1]) for family, fit in fits.items()}
    chosen = min(fits, key=lambda family: fits[family][1])
    if not math.isfinite(fits[chosen][1]):
        notes.append("no candidate family could be fitted: the default distribution is kept")
        row |= {"aic": aic, "warning": "; ".join(notes)}
        return Fit(row, None, aic)
    params = fits[chosen][0]
    distribution = CANDIDATES[chosen][0]
    test = stats.kstest(positive, distribution.cdf, args=params)
    mapping = _mapping(chosen, params) | {"mean": row["mean"]}
    row |= {
        "chosen": chosen,
        "params": {k: v for k, v in mapping.items() if k != "dist"},
        "ks": _round(float(test.statistic)),
        "p_value": _round(float(test.pvalue)),
        "aic": aic,
    }
    if test.pvalue < 0.01:
        notes.append(f"KS p-value {test.pvalue:.3g} < 0.01: the best family still fits poorly")
    row["warning"] = "; ".join(notes)
    return Fit(row, mapping, aic)
