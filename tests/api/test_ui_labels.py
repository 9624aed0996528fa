"""The web UI names every simulation indicator the simulator reports, in its unit."""

from __future__ import annotations

import re
from pathlib import Path

from simulations.results import METRIC_INFO

LABELS = Path(__file__).resolve().parents[2] / "admin_ui" / "src" / "labels.js"


def _ui_metrics() -> dict[str, str]:
    text = LABELS.read_text(encoding="utf-8")
    block = text[text.index("export const METRICS = {") :]
    block = block[: block.index("};")]
    return dict(re.findall(r"^\s*(\w+): \['[^']*', '([^']*)'\]", block, flags=re.MULTILINE))


def test_every_indicator_has_a_vietnamese_label_with_the_same_unit() -> None:
    ui = _ui_metrics()
    assert set(METRIC_INFO) <= set(ui), sorted(set(METRIC_INFO) - set(ui))
    for name, (_label, unit, _better) in METRIC_INFO.items():
        assert ui[name] == unit, name  # the page formats the value by this unit
