"""The digest's one picture: funding by company over the week ending on the digest day.

A horizontal bar chart (names read easily, amounts on the bars) rendered to PNG with matplotlib's Agg
backend. matplotlib is imported inside the function: it is slow to import and only this step needs it.
The alt text carries the same figures, so a reader with images blocked loses nothing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from warehouse.amounts import format_money
from warehouse.digest.content import ChartRow

@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str
    width_px: int = 560


def alt_text(rows: list[ChartRow], day: date) -> str:
    start = day - timedelta(days=6)
    figures = "; ".join(f"{r.company} {format_money(r.amount_usd, 'USD')}" for r in rows)
    return f"Bar chart: funding by company, {start:%d %b} to {day:%d %b %Y} (USD): {figures}"


def funding_chart(rows: list[ChartRow], day: date) -> Chart | None:
    """PNG bytes of the week's funding by company, or None when the week had no priced round."""
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    ordered = list(reversed(rows))          # biggest on top
    names = [r.company for r in ordered]
    values = [r.amount_usd / 1e9 for r in ordered]
    height = 1.1 + 0.42 * len(rows)
    figure = Figure(figsize=(5.6, height), dpi=100)
    axes = figure.add_subplot()
    bars = axes.barh(names, values, color="#2f6fdf", height=0.6)
    for bar, row in zip(bars, ordered):
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + format_money(row.amount_usd, "USD"),
                  va="center", ha="left", fontsize=9, color="#1f2933")
    axes.set_xlim(0, max(values) * 1.22)
    axes.set_xlabel("USD billions", fontsize=9, color="#52606d")
    axes.set_title(f"Funding by company, week to {day:%d %b}", fontsize=11, loc="left", color="#1f2933")
    axes.tick_params(axis="both", labelsize=9, colors="#52606d")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white", metadata={"Software": None})
    return Chart(png=buffer.getvalue(), alt=alt_text(rows, day))
