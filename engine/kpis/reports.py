"""One row of Decision 766 indicators: counts from SQL, rates derived from the counts.

The counts are what the database aggregates; the rates are ratios of those counts, kept
as properties so that a row summed from others (or read back from JSON) never carries a
rate that disagrees with its counts. Rates are percentages (0-100) and ``None`` when
their denominator is zero: "no dossier" is not "0 % on time".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["KpiRow"]


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


@dataclass(frozen=True)
class KpiRow:
    """The indicators of one group (a centre, field, procedure, month, or the total).

    ``received`` are the dossiers received in the period; each is ``finished``
    (``on_time`` + ``overdue_finished``) or ``in_progress`` at the period's end, and
    ``overdue`` = ``overdue_finished`` + ``overdue_in_progress``.
    """

    key: str
    received: int
    finished: int
    on_time: int
    overdue_finished: int
    in_progress: int
    overdue_in_progress: int
    online: int
    decided: int
    electronic_results: int
    complained: int
    avg_resolution_days: float | None

    @property
    def overdue(self) -> int:
        return self.overdue_finished + self.overdue_in_progress

    @property
    def on_time_rate(self) -> float | None:
        """On-time share of the finished dossiers (Decision 766's "đúng hạn" rate)."""
        return _percent(self.on_time, self.finished)

    @property
    def overdue_rate(self) -> float | None:
        """Overdue share of the received dossiers, finished late or still open past due."""
        return _percent(self.overdue, self.received)

    @property
    def online_share(self) -> float | None:
        return _percent(self.online, self.received)

    @property
    def electronic_result_share(self) -> float | None:
        """Share of the results issued (decided dossiers) returned electronically."""
        return _percent(self.electronic_results, self.decided)

    @property
    def complaint_rate(self) -> float | None:
        """Share of the received dossiers with at least one complaint (phản ánh, kiến nghị)."""
        return _percent(self.complained, self.received)

    @property
    def satisfaction(self) -> float | None:
        """100 % − overdue rate − complaint rate, floored at 0 (both rates over received)."""
        if self.overdue_rate is None or self.complaint_rate is None:
            return None
        return max(0.0, 100.0 - self.overdue_rate - self.complaint_rate)

    def as_dict(self) -> dict[str, Any]:
        """The counts and every derived rate, for JSON."""
        values = asdict(self)
        for name in (
            "overdue",
            "on_time_rate",
            "overdue_rate",
            "online_share",
            "electronic_result_share",
            "complaint_rate",
            "satisfaction",
        ):
            values[name] = getattr(self, name)
        return values
