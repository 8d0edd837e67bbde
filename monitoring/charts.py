"""Server-rendered SVG charts for the admin dashboard: no JavaScript, nothing from outside.

Every label passes through ``escape``; numbers are formatted here. Colours come from classes in
``monitoring/static/monitoring/dashboard.css`` (``s0`` … ``s5``).
"""

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 34, 44


def _scale(values) -> tuple[float, float, float]:
    """Axis bounds on round numbers (a step of 1, 2 or 5 × 10ⁿ), zero always included."""
    present = [v for v in values if v is not None] or [0]
    low, high = min(0, min(present)), max(0, max(present))
    if high == low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _fmt(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u202f") if abs(v) >= 10 or v == int(v) else f"{v:.1f}"


def _axis(low, high, step, plot_h) -> tuple[list[str], callable]:
    def y(v):
        return TOP + plot_h * (high - v) / (high - low)

    parts = []
    for i in range(round((high - low) / step) + 1):
        v = low + step * i
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{_fmt(v)}</text>'
        )
    return parts, y


def bar_chart(labels, series, *, title: str):
    """Grouped vertical bars: ``series`` is ``[(name, [value per label]), …]`` (None = no bar)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high, step = _scale([v for _n, values in series for v in values])
    parts, y = _axis(low, high, step, plot_h)
    group = plot_w / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    for s, (name, values) in enumerate(series):
        for i, v in enumerate(values):
            if v is None:
                continue
            x = LEFT + i * group + group * 0.1 + s * bar
            top, bottom = sorted((y(v), y(0)))
            height = max(bottom - top, 0.5)
            parts.append(
                f'<rect class="s{s % 6}" x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>{escape(name)}: {escape(labels[i])} — {_fmt(v)}</title></rect>"
            )
    # Labels stand upright when they fit under their group (about 6 units a letter), else slant.
    slant = max((len(label) for label in labels), default=0) * 6 > group
    for i, label in enumerate(labels):
        x, y0 = LEFT + (i + 0.5) * group, HEIGHT - BOTTOM + 14
        turn = f' text-anchor="end" transform="rotate(-25 {x:.1f} {y0})"' if slant else ' text-anchor="middle"'
        parts.append(f'<text class="label" x="{x:.1f}" y="{y0}"{turn}>{escape(label)}</text>')
    return _svg(parts, series, title)


def hbar_chart(labels, values, *, name: str, title: str):
    """Horizontal bars, one per label (long labels such as "2026-Q1 Есіл ауданы" read on the left)."""
    label_w, row = 190, 20
    height = TOP + row * max(1, len(labels)) + 24
    low, high, step = _scale(values)
    plot_w = WIDTH - label_w - RIGHT

    def x(v):
        return label_w + plot_w * (v - low) / (high - low)

    parts = []
    for i in range(round((high - low) / step) + 1):
        v = low + step * i
        parts.append(
            f'<line class="grid" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{TOP - 4}" y2="{height - 20}"/>'
            f'<text class="tick" x="{x(v):.1f}" y="{height - 6}" text-anchor="middle">{_fmt(v)}</text>'
        )
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * row
        left, right = sorted((x(0), x(v)))
        parts.append(
            f'<text class="label" x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="s0" x="{left:.1f}" y="{y + 3}" width="{max(right - left, 0.5):.1f}" height="{row - 6}">'
            f"<title>{escape(label)} — {_fmt(v)}</title></rect>"
        )
    return _svg(parts, [(name, values)], title, height=height)


def line_chart(labels, series, *, title: str):
    """Lines over ``labels`` (periods): ``series`` is ``[(name, [value per label]), …]``."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high, step = _scale([v for _n, values in series for v in values])
    parts, y = _axis(low, high, step, plot_h)
    step = plot_w / max(1, len(labels) - 1)
    for s, (name, values) in enumerate(series):
        points = " ".join(f"{LEFT + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)
        parts.append(f'<polyline class="line s{s % 6}" points="{points}"><title>{escape(name)}</title></polyline>')
    for i, label in enumerate(labels):
        parts.append(
            f'<text class="label" x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return _svg(parts, series, title)


def _svg(parts, series, title, *, height=HEIGHT):
    legend = []
    x = LEFT
    for s, (name, _values) in enumerate(series):
        legend.append(
            f'<rect class="s{s % 6}" x="{x}" y="4" width="10" height="10"/>'
            f'<text class="legend" x="{x + 14}" y="13">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    body = "".join(parts + legend)
    return mark_safe(  # noqa: S308 - every label above is escaped, the rest are numbers we formatted
        f'<svg class="monitoring-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )
