"""A tiny result table shared by every benchmark: each row compares a subject with a
baseline measured in the same run, so the ratio means something on any machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Row:
    benchmark: str
    subject: str
    subject_value: float
    baseline: str
    baseline_value: float
    unit: str
    goal: str = ""
    lower_is_better: bool = True

    @property
    def ratio(self) -> float:
        if not self.baseline_value:
            return float("nan")
        return self.subject_value / self.baseline_value


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, **kwargs) -> Row:
        row = Row(**kwargs)
        self.rows.append(row)
        return row

    def note(self, text: str) -> None:
        self.notes.append(text)

    def render(self) -> str:
        header = ("benchmark", "subject", "value", "baseline", "value", "ratio", "goal")
        lines = [header]
        for r in self.rows:
            lines.append(
                (
                    r.benchmark,
                    r.subject,
                    f"{r.subject_value:.3f} {r.unit}",
                    r.baseline,
                    f"{r.baseline_value:.3f} {r.unit}",
                    f"{r.ratio:.2f}×",
                    r.goal,
                )
            )
        widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
        out = []
        for n, line in enumerate(lines):
            out.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)))
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        out.extend(f"* {note}" for note in self.notes)
        return "\n".join(out)


def time_median_ms(func: Callable[[], object], *, repeat: int = 20, warmup: int = 2) -> float:
    """Median wall time of ``func`` in milliseconds."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
