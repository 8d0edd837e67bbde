"""Server-rendered SVG charts for the admin dashboard: no JavaScript, nothing from outside.

Every label passes through ``escape``; numbers are formatted here. Colours come from classes in
``monitoring/static/monitoring/dashboard.css`` (``s0`` … ``s5``).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 58


def _scale(values) -> tuple[float, float]:
    present = [v for v in values if v is not None] or [0]
    low, high = min(0, min(present)), max(0, max(present))
    if high == low:
        high = low + 1
    return low, high


def _fmt(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u202f") if abs(v) >= 10 or v == int(v) else f"{v:.1f}"


def _axis(low, high, plot_h) -> tuple[list[str], callable]:
    def y(v):
        return TOP + plot_h * (high - v) / (high - low)

    parts = []
    for i in range(5):
        v = low + (high - low) * i / 4
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{_fmt(v)}</text>'
        )
    return parts, y


def bar_chart(labels, series, *, title: str):
    """Grouped vertical bars: ``series`` is ``[(name, [value per label]), …]`` (None = no bar)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = _scale([v for _n, values in series for v in values])
    parts, y = _axis(low, high, plot_h)
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
    for i, label in enumerate(labels):
        x = LEFT + (i + 0.5) * group
        parts.append(
            f'<text class="label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="end" '
            f'transform="rotate(-30 {x:.1f} {HEIGHT - BOTTOM + 14})">{escape(label)}</text>'
        )
    return _svg(parts, series, title)


def line_chart(labels, series, *, title: str):
    """Lines over ``labels`` (periods): ``series`` is ``[(name, [value per label]), …]``."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = _scale([v for _n, values in series for v in values])
    parts, y = _axis(low, high, plot_h)
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


def _svg(parts, series, title):
    legend = []
    x = LEFT
    for s, (name, _values) in enumerate(series):
        legend.append(
            f'<rect class="s{s % 6}" x="{x}" y="{HEIGHT - 14}" width="10" height="10"/>'
            f'<text class="legend" x="{x + 14}" y="{HEIGHT - 5}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    body = "".join(parts + legend)
    return mark_safe(  # noqa: S308 - every label above is escaped, the rest are numbers we formatted
        f'<svg class="monitoring-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )
