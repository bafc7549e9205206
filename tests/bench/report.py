"""The figures: a table on stdout and bench-results/core.json."""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PASS, MISS, INFO = "PASS", "MISS", "info"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: float | int | str
    unit: str = ""
    target: str = ""
    verdict: str = INFO


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        key: str,
        label: str,
        value: float | int | str,
        unit: str = "",
        *,
        target: str = "",
        ok: bool | None = None,
    ) -> None:
        verdict = INFO if ok is None else (PASS if ok else MISS)
        self.rows.append(Row(key, label, value, unit, target, verdict))

    def section(self, title: str) -> None:
        self.rows.append(Row("", title, ""))

    @property
    def misses(self) -> list[Row]:
        return [row for row in self.rows if row.verdict == MISS]

    def table(self) -> str:
        header = ("", "value", "target", "")
        lines = [
            (row.label, _shown(row.value, row.unit), row.target, row.verdict if row.key else "")
            for row in self.rows
        ]
        widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
        out = [_line(header, widths), _line(tuple("-" * w for w in widths), widths)]
        for row, line in zip(self.rows, lines, strict=True):
            out.append(_line(line, widths) if row.key else f"{row.label}")
        return "\n".join(out)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "host": {"python": platform.python_version(), "machine": platform.machine()},
            "figures": {row.key: asdict(row) for row in self.rows if row.key},
            "details": self.details,
        }
        path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def _shown(value: float | int | str, unit: str) -> str:
    if isinstance(value, float):
        text = f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else value
    return f"{text} {unit}".strip()


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    label, value, target, verdict = cells
    return (
        f"  {label:<{widths[0]}}  {value:>{widths[1]}}  {target:<{widths[2]}}  {verdict}".rstrip()
    )
