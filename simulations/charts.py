"""PNG charts of simulation results: key indicators with intervals, and daily series.

matplotlib is imported when a chart is drawn, not when the simulator is imported (it
takes about a second to load and the kernel does not need it). Figures are built with
``matplotlib.figure.Figure`` and the Agg canvas directly, never through ``pyplot``, so no
global figure state or GUI backend is involved and drawing is safe in a worker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulations.replications import Interval, Summary
from simulations.results import metric_info

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["KEY_METRICS", "plot_comparison", "plot_summary"]

KEY_METRICS = (
    "on_time_rate",
    "late",
    "cycle_days_mean",
    "counter_wait_mean",
)
_SERIES = (("backlog", "dossiers open at day end"), ("counter_queue", "mean counter queue"))
_COLOURS = ("#7f7f7f", "#1f77b4")


def _points(ax: Axes, metric: str, summaries: Sequence[Summary]) -> None:
    """Each scenario's mean as a point with its 95% interval, labelled with the value.

    Points rather than bars: a bar must start at zero, which hides a difference of half
    a percentage point in an on-time rate of 97 %; the axis here fits the values.
    """
    label, unit, _ = metric_info(metric)
    means: list[float] = []
    names: list[str] = []
    errors: list[list[float]] = [[], []]
    for summary in summaries:
        iv = summary.groups.get("total", {}).get(metric, Interval(*(math.nan,) * 4, 0))
        mean = iv.mean if math.isfinite(iv.mean) else 0.0
        means.append(mean)
        errors[0].append(max(mean - iv.ci_low, 0.0) if math.isfinite(iv.ci_low) else 0.0)
        errors[1].append(max(iv.ci_high - mean, 0.0) if math.isfinite(iv.ci_high) else 0.0)
        names.append(summary.name or "scenario")
    colours = _COLOURS[-len(means) :]
    for x, (mean, low, high, colour) in enumerate(
        zip(means, errors[0], errors[1], colours, strict=True)
    ):
        ax.errorbar([x], [mean], yerr=[[low], [high]], fmt="o", capsize=6, color=colour)
        ax.annotate(_number(mean), (x, mean), textcoords="offset points", xytext=(10, -3),
                    fontsize=8)  # fmt: skip
    ax.set_xlim(-0.6, len(means) - 0.4)
    ax.margins(y=0.25)
    ax.set_xticks(range(len(means)), names, fontsize=8)
    ax.set_title(f"{label} ({unit})" if unit else label, fontsize=9)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _lines(ax: Axes, key: str, title: str, summaries: Sequence[Summary]) -> None:
    for summary, colour in zip(summaries, _COLOURS[-len(summaries) :], strict=True):
        values = summary.series.get(key, [])
        ax.plot(range(len(values)), values, color=colour, linewidth=1,
                label=summary.name or "scenario")  # fmt: skip
    ax.set_title(f"{title} (mean of replications)", fontsize=9)
    ax.set_xlabel("day", fontsize=8)
    if len(summaries) > 1:
        ax.legend(fontsize=8)


def _draw(summaries: Sequence[Summary], path: Path, title: str) -> Path:
    from matplotlib.figure import Figure  # noqa: PLC0415 - see the module docstring

    figure = Figure(figsize=(12, 7), layout="constrained")
    grid = figure.add_gridspec(2, len(KEY_METRICS))
    for i, metric in enumerate(KEY_METRICS):
        _points(figure.add_subplot(grid[0, i]), metric, summaries)
    half = len(KEY_METRICS) // 2
    for j, (key, label) in enumerate(_SERIES):
        cols = slice(0, half) if j == 0 else slice(half, len(KEY_METRICS))
        _lines(figure.add_subplot(grid[1, cols]), key, label, summaries)
    figure.suptitle(title)
    path = Path(path)
    figure.savefig(path, format="png", dpi=100)
    return path


def plot_summary(summary: Summary, path: Path | str) -> Path:
    """Key indicators (95% intervals as error bars) and daily series of one scenario."""
    n = summary.replications
    return _draw([summary], Path(path), f"{summary.name}: {n} replication{'s' * (n != 1)}")


def plot_comparison(scenario: Summary, baseline: Summary, path: Path | str) -> Path:
    """The same charts with the baseline (grey) next to the scenario (blue)."""
    title = f"{scenario.name} against {baseline.name} (95% intervals)"
    return _draw([baseline, scenario], Path(path), title)
