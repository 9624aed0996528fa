"""``motcua simulate``: run a scenario's replications, compare, search staffing, calibrate.

``motcua simulate SCENARIO`` runs a scenario file or a shipped scenario (``baseline``,
``cut30``, ``mm1``, ...) in this process and prints each indicator's mean and 95%
interval; ``--compare BASELINE`` adds the baseline, the difference and whether it is
significant; ``--plot out.png`` draws the charts; ``--json`` prints the whole results
document and nothing else. ``motcua simulate staffing SCENARIO`` searches the smallest
staffing meeting the targets, ``motcua simulate calibrate LOG`` fits a scenario to an
event log. Nothing here needs the database.

A scenario that is wrong (an unknown key, a bad value, a log that cannot be fitted) is
the user's to fix: one ``Error: ...`` line on stderr naming the key, exit status 2.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import yaml

from simulations.errors import SimulationError

__all__ = ["simulate"]


class ScenarioGroup(click.Group):
    """A group whose first argument is either a subcommand or a scenario for ``run``."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "run", self.commands["run"], args
        return super().resolve_command(ctx, args)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Scenario, compile and calibration errors: one line and exit 2, no traceback."""
    try:
        yield
    except SimulationError as error:
        message = str(error)
        key = getattr(error, "key", None)
        if key and key not in message:
            message = f"{message} (key: {key})"
        click.echo(f"Error: {message}", err=True)
        raise click.exceptions.Exit(2) from None


def _load(ref: str) -> Any:
    from simulations.errors import ScenarioError  # noqa: PLC0415 - lazy: CLI start-up
    from simulations.scenario import load_scenario, shipped_scenarios  # noqa: PLC0415

    path = Path(ref)
    if path.is_file():
        return load_scenario(path)
    shipped = shipped_scenarios()
    if ref in shipped:
        return load_scenario(shipped[ref])
    raise ScenarioError(
        f"{ref!r} is neither a scenario file nor a shipped scenario; "
        f"shipped: {', '.join(sorted(shipped))}",
        key="scenario",
        value=ref,
    )


def _model(ref: str) -> Any:
    from simulations.compile import compile_scenario  # noqa: PLC0415

    scenario = _load(ref)
    return compile_scenario(scenario)


def _run(model: Any, replications: int, seed: int, bar: Callable[[int], None]) -> Any:
    from simulations.replications import run_replications  # noqa: PLC0415

    return run_replications(
        model, replications=replications, seed=seed, progress=lambda done, total: bar(1)
    )


def _fmt(value: float, unit: str) -> str:
    """Shares as percentages (``pp``: a difference of shares), counts with separators."""
    if not math.isfinite(value):
        return "-"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "pp":
        return f"{value * 100:+.1f} pp"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"


def _interval(iv: Any, unit: str) -> str:
    if iv.n < 2:
        return "(1 replication: no interval)" if iv.n == 1 else "-"
    return f"[{_fmt(iv.ci_low, unit)}, {_fmt(iv.ci_high, unit)}]"


def _summary_table(summary: Any) -> str:
    from simulations.results import metric_info  # noqa: PLC0415

    n = summary.replications
    lines = [f"{summary.name}: {n} replication{'s' * (n != 1)}, seed {summary.seed}"]
    lines.append(f"{'indicator':<34} {'mean':>10}  95% interval")
    for metric, iv in summary.groups["total"].items():
        label, unit, _ = metric_info(metric)
        lines.append(f"{label:<34} {_fmt(iv.mean, unit):>10}  {_interval(iv, unit)}")
    return "\n".join(lines)


def _compare_table(comparison: dict[str, Any]) -> str:
    paired = any(row.get("paired") for row in comparison["rows"])
    how = "; same seeds, differences paired by replication" if paired else ""
    lines = [f"{comparison['scenario']} against {comparison['baseline']} (95% intervals{how})"]
    lines.append(
        f"{'indicator':<34} {'baseline':>10} {'scenario':>10} {'delta':>10}  "
        "delta interval       significant"
    )
    for row in comparison["rows"]:
        if row["group"] != "total":
            continue
        unit = "pp" if row["unit"] == "share" else row["unit"]
        base, scen, delta = (_float(row[k]["mean"]) for k in ("baseline", "scenario", "difference"))
        low, high = _float(row["difference"]["ci_low"]), _float(row["difference"]["ci_high"])
        fmt_unit = row["unit"]
        span = f"[{_fmt(low, unit)}, {_fmt(high, unit)}]"
        verdict = "no"
        if row["significant"]:
            verdict = {True: "yes, better", False: "yes, worse", None: "yes"}[row["better"]]
        lines.append(
            f"{row['label']:<34} {_fmt(base, fmt_unit):>10} {_fmt(scen, fmt_unit):>10} "
            f"{_fmt(delta, unit):>10}  {span:<20} {verdict}"
        )
    return "\n".join(lines)


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal; a no-op when piped or printing JSON."""
    if not enabled:
        yield lambda step: None
        return
    with click.progressbar(length=total, label="replications", file=sys.stderr) as bar:
        yield bar.update


@click.group(cls=ScenarioGroup, subcommand_metavar="SCENARIO [OPTIONS] | COMMAND [ARGS]...")
def simulate() -> None:
    """Simulate a scenario (a file or a shipped name), search staffing, or calibrate."""


@simulate.command("run")
@click.argument("scenario")
@click.option("--replications", "-n", default=10, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=0, show_default=True, type=click.IntRange(0))
@click.option("--compare", "baseline", metavar="BASELINE", help="Compare with this scenario.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a PNG.")
@click.option("--json", "as_json", is_flag=True, help="Print the results document as JSON.")
def run(  # noqa: PLR0917 - click passes every option as an argument
    scenario: str, replications: int, seed: int, baseline: str | None,
    plot: Path | None, as_json: bool,
) -> None:  # fmt: skip
    """Run SCENARIO's replications and print each indicator with its 95% interval."""
    from simulations.compare import compare  # noqa: PLC0415

    with _user_errors():
        models = [_model(scenario)] + ([_model(baseline)] if baseline else [])
        tty = sys.stdout.isatty() and not as_json
        with _progress(replications * len(models), tty) as bar:
            summaries = [_run(m, replications, seed, bar) for m in models]
    document: dict[str, Any] = {"scenario": summaries[0].to_dict()}
    comparison = None
    if baseline:
        document["baseline"] = summaries[1].to_dict()
        comparison = compare(summaries[0], summaries[1])
        document["comparison"] = comparison
    if plot is not None:
        _plot(summaries, plot)
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False))
        return
    click.echo(_summary_table(summaries[0]))
    if comparison is not None:
        click.echo()
        click.echo(_compare_table(comparison))
    if plot is not None:
        click.echo(f"chart written to {plot}")


def _plot(summaries: list[Any], path: Path) -> None:
    from simulations.charts import plot_comparison, plot_summary  # noqa: PLC0415

    try:
        if len(summaries) == 2:
            plot_comparison(summaries[0], summaries[1], path)
        else:
            plot_summary(summaries[0], path)
    except OSError as error:
        raise click.ClickException(f"cannot write the chart {path}: {error.strerror}") from None


@simulate.command("staffing")
@click.argument("scenario")
@click.option("--on-time", default=0.98, show_default=True, type=click.FloatRange(0, 1))
@click.option("--p90-wait", default=20.0, show_default=True, type=click.FloatRange(0),
              help="Target 90th percentile counter wait, minutes.")  # fmt: skip
@click.option("--pools", default=None,
              help="Comma-separated pool kinds to staff [default: counter, or every "
                   "station of a textbook network].")  # fmt: skip
@click.option("--replications", "-n", default=3, show_default=True, type=click.IntRange(1))
@click.option("--seed", default=0, show_default=True, type=click.IntRange(0))
@click.option("--max-rounds", default=20, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def staffing(  # noqa: PLR0917 - click passes every option as an argument
    scenario: str, on_time: float, p90_wait: float, pools: str | None, replications: int,
    seed: int, max_rounds: int, as_json: bool,
) -> None:  # fmt: skip
    """Search the smallest staffing per centre meeting the on-time and wait targets."""
    from simulations.staffing import search_staffing  # noqa: PLC0415

    with _user_errors():
        model = _model(scenario)
        names = model.network.kind_names
        default = "counter" if "counter" in names else ",".join(names)
        kinds = tuple(p.strip() for p in (pools or default).split(",") if p.strip())
        tty = sys.stdout.isatty() and not as_json
        with _progress(max_rounds, tty) as bar:
            plan = search_staffing(
                model, on_time=on_time, p90_counter_wait=p90_wait, pools=kinds,
                replications=replications, seed=seed, max_rounds=max_rounds,
                progress=lambda done, total: bar(1),
            )  # fmt: skip
    if as_json:
        click.echo(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2, allow_nan=False))
    else:
        click.echo(plan.to_text())


@simulate.command("calibrate")
@click.argument("log", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xes"]), help="Default: by suffix.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the fitted scenario here (default: print it).")  # fmt: skip
def calibrate(log: Path, fmt: str | None, out: Path | None) -> None:
    """Fit a scenario to an event log and print the goodness-of-fit report."""
    from simulations.calibration import calibrate as fit  # noqa: PLC0415

    with _user_errors():
        result = fit(log, fmt=fmt)
    click.echo(result.to_text())
    text = yaml.safe_dump(result.scenario, allow_unicode=True, sort_keys=False)
    if out is None:
        click.echo("\n# fitted scenario\n" + text)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"scenario written to {out}")
