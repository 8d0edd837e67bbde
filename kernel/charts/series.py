"""Grouped vertical bars and horizontal bars of named series (the monitoring dashboard).

A series has a meaning (``kernel.charts.palette``): arrivals are drawn in the arrivals' colour on
every chart. Axes start from a zero line drawn stronger than the grid, so negative values (a net
outflow) stand below it; the axis carries its unit.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import ngettext

from kernel.charts.palette import colour
from kernel.charts.svg import WIDTH, Key, Plot, frame, legend, paint, scale, tick_text, y_axis
from kernel.numbers import count_text

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 260, 60, 12, 22, 44


@dataclass(frozen=True)
class Series:
    """Values per label (None: no bar there) that mean one thing (``meaning``, a palette key)."""

    name: str
    values: list
    meaning: str


def _keys(series: list[Series]) -> list[Key]:
    return [Key(s.name, colour=colour(s.meaning)) for s in series]


def bar_chart(labels: list[str], series: list[Series], *, title: str, unit: str = ""):
    """Grouped vertical bars, one group per label, one bar per series, with a legend below."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high, step = scale([v for s in series for v in s.values], whole=True)
    parts, y = y_axis(low, high, step, Plot(LEFT, WIDTH - RIGHT, TOP, plot_h), unit=unit)
    group = plot_w / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    for n, s in enumerate(series):
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = LEFT + i * group + group * 0.1 + n * bar
            top, bottom = sorted((y(v), y(0)))
            parts.append(
                f'<rect{paint(colour(s.meaning))} x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}"><title>{escape(s.name)}: {escape(labels[i])} — '
                f"{tick_text(v)}</title></rect>"
            )
    # Labels stand upright when they fit under their group (about 6 units a letter), else slant.
    slant = max((len(label) for label in labels), default=0) * 6 > group
    for i, label in enumerate(labels):
        x, y0 = LEFT + (i + 0.5) * group, HEIGHT - BOTTOM + 14
        turn = f' text-anchor="end" transform="rotate(-25 {x:.1f} {y0})"' if slant else ' text-anchor="middle"'
        parts.append(f'<text class="label" x="{x:.1f}" y="{y0}"{turn}>{escape(label)}</text>')
    below = HEIGHT + (70 if slant else 0)
    keys, bottom = legend(_keys(series), x0=LEFT, y=below - 18)
    return frame(parts + keys, title, height=bottom + 2)


def hbar_chart(labels: list[str], series: Series, *, title: str, left_out: int = 0):
    """Horizontal bars, one per label (long labels such as "2026 ж. 1-тоқсан, Есіл ауданы" read on
    the left). ``left_out`` is how many more there are than shown: the chart says so beneath."""
    label_w, row = 230, 20
    rows_h = row * max(1, len(labels))
    low, high, step = scale(series.values, whole=True)
    plot_w = WIDTH - label_w - RIGHT

    def x(v):
        return label_w + plot_w * (v - low) / (high - low)

    parts = []
    axis_y = TOP + rows_h + 4
    for i in range(round((high - low) / step) + 1):
        v = low + step * i
        parts.append(
            f'<line class="grid{" axis" if v == 0 else ""}" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{TOP - 4}" '
            f'y2="{axis_y}"/><text class="tick" x="{x(v):.1f}" y="{axis_y + 14}" text-anchor="middle">'
            f"{tick_text(v)}</text>"
        )
    for i, (label, v) in enumerate(zip(labels, series.values, strict=True)):
        y = TOP + i * row
        left, right = sorted((x(0), x(v)))
        parts.append(
            f'<text class="label" x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect{paint(colour(series.meaning))} x="{left:.1f}" y="{y + 3}" width="{max(right - left, 0.5):.1f}" '
            f'height="{row - 6}"><title>{escape(label)} — {tick_text(v)}</title></rect>'
        )
    y = axis_y + 24
    if left_out:
        more = ngettext("and %(count)s more, listed below", "and %(count)s more, listed below", left_out)
        more %= {"count": count_text(left_out)}
        parts.append(f'<text class="legend more" x="{label_w}" y="{y + 10}">{escape(more)}</text>')
        y += 18
    keys, bottom = legend(_keys([series]), x0=label_w, y=y)
    return frame(parts + keys, title, height=bottom + 2)
