"""What every chart shares: the ``<svg>`` frame, round axis bounds, the legend.

Every label passes through ``escape``; numbers are written by ``kernel.numbers``. Structural
colours (grid, text) come from ``astana_migration/static/portal/portal.css`` (``.portal-chart …``);
the colour of a series is its meaning's (``kernel.charts.palette``).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.dates import MONTHS_AP
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kernel.numbers import count_text, value_text

WIDTH = 720
LETTER = 7  # the width of a 12 px letter, Cyrillic included, for laying out legends


@dataclass(frozen=True)
class Key:
    """One entry of a legend: a ``colour`` (a meaning's) or a CSS class ``css`` (a status's), drawn
    as a box, a short ``line`` or the pace's vertical ``tick``."""

    name: str
    colour: str = ""
    css: str = ""
    shape: str = "box"


def paint(colour: str, *, stroke: bool = False) -> str:
    """Presentation attributes (allowed by the Content-Security-Policy, unlike inline styles)."""
    if not colour:
        return ""
    return f' fill="{escape(colour)}"' + (f' stroke="{escape(colour)}"' if stroke else "")


def legend(keys: list[Key], *, x0: float, y: float, width: float = WIDTH) -> tuple[list[str], float]:
    """The keys in rows wrapped to ``width``; returns the parts and the y below them."""
    parts, x = [], x0
    for key in keys:
        span = 30 + LETTER * len(key.name)
        if x > x0 and x + span > width:
            x, y = x0, y + 18
        css = f' class="key {escape(key.css)}"' if key.css else ' class="key"'
        if key.shape == "tick":
            swatch = f'<line class="pace" x1="{x + 6}" x2="{x + 6}" y1="{y}" y2="{y + 14}"/>'
        elif key.shape == "line":
            swatch = f'<rect{css}{paint(key.colour)} x="{x}" y="{y + 5}" width="14" height="4"/>'
        else:
            swatch = f'<rect{css}{paint(key.colour)} x="{x}" y="{y + 1}" width="12" height="12"/>'
        parts.append(f'{swatch}<text class="legend" x="{x + 18}" y="{y + 12}">{escape(key.name)}</text>')
        x += span
    return parts, y + 18


def scale(values, *, whole: bool = False) -> tuple[float, float, float]:
    """Axis bounds on round numbers (a step of 1, 2 or 5 × 10ⁿ), zero always included, so that a
    negative value is drawn below the zero line and a positive one above it. ``whole``: counts of
    persons, whose axis never shows 0,5 of a person."""
    present = [v for v in values if v is not None] or [0]
    low, high = min(0, min(present)), max(0, max(present))
    if high == low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(step, 1)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


@dataclass(frozen=True)
class Plot:
    """Where a chart draws: the plot's left, right, top and height in the SVG's units."""

    left: float
    right: float
    top: float
    height: float


def y_axis(low: float, high: float, step: float, plot: Plot, *, unit: str = "") -> tuple[list[str], Callable]:
    """Horizontal grid lines with their values at the left, the zero line drawn stronger, the unit
    above; returns the parts and ``y(value)``."""

    def y(value: float) -> float:
        return plot.top + plot.height * (high - value) / (high - low)

    parts = []
    if unit:
        parts.append(
            f'<text class="unit" x="{plot.left - 6}" y="{plot.top - 8}" text-anchor="end">{escape(unit)}</text>'
        )
    for i in range(round((high - low) / step) + 1):
        value = low + step * i
        at, css = f"{y(value):.1f}", "grid axis" if value == 0 else "grid"
        parts.append(
            f'<line class="{css}" x1="{plot.left}" x2="{plot.right}" y1="{at}" y2="{at}"/>'
            f'<text class="tick" x="{plot.left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{tick_text(value)}</text>'
        )
    return parts, y


def tick_text(value: float) -> str:
    return count_text(value) if value == int(value) else value_text(value, 1)


def frame(parts: list[str], title: str, *, height: float, width: int = WIDTH) -> SafeString:
    return mark_safe(  # noqa: S308 - every label is escaped by its chart, the rest are numbers we formatted
        f'<svg class="portal-chart" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )


def month_label(month: int, year: int | None = None) -> str:
    """A month by name in the active language ("Қаң.", "Наурыз 2026"), never "01" or "2026-01"."""
    name = str(MONTHS_AP[month])
    return f"{name} {year}" if year else name
