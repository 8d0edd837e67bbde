"""Server-rendered SVG charts of the admin's start page: no script, nothing from outside (the
Content-Security-Policy allows neither, and the department's network has no internet).

Every label passes through ``escape``; numbers are formatted here. Colours come from classes in
``astana_migration/static/portal/portal.css`` (``.portal-chart …``), so the dark theme can
restyle them.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 720
LABEL_W = 230  # the region's name on the left
VALUE_W = 150  # "used / limit · percent" on the right
ROW = 22
HEADING = 26


@dataclass(frozen=True)
class Bar:
    """One bar: ``percent`` and ``level`` (its CSS class) are the caller's, from the rule that owns
    them (quotas/fill.py for a quota's status). ``marker``, when given, is where a vertical tick
    stands, in per cent of the limit (the plan's pace: what is expected by now); ``note`` is added
    to the bar's tooltip."""

    label: str
    used: int
    limit: int
    percent: float | None
    level: str = "ok"
    marker: float | None = None
    note: str = ""


def number(value: int) -> str:
    """Thousands apart by a narrow no-break space, as Kazakh and Russian write them."""
    return f"{value:,}".replace(",", "\u202f")


def percent_text(percent: float | None) -> str:
    """Whole per cents, rounded down below 100 (99.6 % is not yet full); a trace shows as "<1 %"."""
    if percent is None:
        return "—"
    if 0 < percent < 1:
        return "<1\u00a0%"
    return f"{math.floor(percent) if percent < 100 else round(percent)}\u00a0%"


def utilisation_chart(groups: list[tuple[str, list[Bar]]], *, title: str, legend: list[tuple[str, str]] | None = None):
    """Horizontal bars of use against limit, in groups (one per kind of quota): the whole bar is
    the limit, the filled part what is used, coloured by the bar's ``level``; a tick marks the pace
    where a bar has one. ``legend`` (``[(css class, name), …]``) is drawn beneath: one swatch per
    colour, and the tick's meaning as the last entry when a ``marker`` is named ``"pace"``."""
    plot_w = WIDTH - LABEL_W - VALUE_W
    parts, y = [], 4
    for heading, bars in groups:
        parts.append(f'<text class="heading" x="0" y="{y + 16}">{escape(heading)}</text>')
        y += HEADING
        for bar in bars:
            filled = plot_w * min(bar.percent or 0, 100) / 100
            value = f"{number(bar.used)} / {number(bar.limit)} · {percent_text(bar.percent)}"
            tooltip = f"{bar.label}: {value}" + (f" · {bar.note}" if bar.note else "")
            marker = ""
            if bar.marker is not None:
                x = LABEL_W + plot_w * min(max(bar.marker, 0), 100) / 100
                marker = f'<line class="pace" x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + ROW - 1}"/>'
            parts.append(
                f'<g class="row {escape(bar.level)}"><title>{escape(tooltip)}</title>'
                f'<text class="label" x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
                f'<rect class="limit" x="{LABEL_W}" y="{y + 4}" width="{plot_w}" height="{ROW - 8}" rx="3"/>'
                f'<rect class="used" x="{LABEL_W}" y="{y + 4}" width="{filled:.1f}" height="{ROW - 8}" rx="3"/>'
                f"{marker}"
                f'<text class="value" x="{LABEL_W + plot_w + 8}" y="{y + 15}">{escape(value)}</text></g>'
            )
            y += ROW
    if legend:
        y = _legend(parts, legend, y + 8)
    return _svg(parts, title, height=y + 4)


def _legend(parts: list, entries: list[tuple[str, str]], y: int) -> int:
    """Swatches with their names, wrapped to the chart's width; returns the y below them."""
    x = 0
    for css, name in entries:
        width = 30 + 7 * len(name)
        if x and x + width > WIDTH:
            x, y = 0, y + 18
        swatch = (
            f'<line class="pace" x1="{x + 6}" x2="{x + 6}" y1="{y}" y2="{y + 14}"/>'
            if css == "pace"
            else f'<g class="row {escape(css)}"><rect class="used" x="{x}" y="{y + 1}" width="12" height="12"/></g>'
        )
        parts.append(f'{swatch}<text class="legend" x="{x + 17}" y="{y + 12}">{escape(name)}</text>')
        x += width
    return y + 18


def status_bar(segments: list[tuple[str, str, int]], *, title: str):
    """One bar split into parts (``[(css class, name, count), …]``), each part as wide as its share,
    with a legend of names and counts beneath."""
    total = sum(count for _css, _name, count in segments)
    parts, x = [], 0.0
    for css, name, count in segments:
        if total and count:
            width = WIDTH * count / total
            parts.append(
                f'<rect class="{escape(css)}" x="{x:.1f}" y="4" width="{width:.1f}" height="20">'
                f"<title>{escape(name)}: {number(count)}</title></rect>"
            )
            x += width
    if not total:
        parts.append(f'<rect class="empty" x="0" y="4" width="{WIDTH}" height="20"/>')
    legend_x = 0
    for css, name, count in segments:
        text = f"{name}: {number(count)}"
        parts.append(
            f'<rect class="{escape(css)}" x="{legend_x}" y="34" width="12" height="12"/>'
            f'<text class="legend" x="{legend_x + 17}" y="45">{escape(text)}</text>'
        )
        legend_x += 40 + 8 * len(text)
    return _svg(parts, title, height=52)


def _svg(parts, title, *, height):
    return mark_safe(  # noqa: S308 - every label above is escaped, the rest are numbers we formatted
        f'<svg class="portal-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )


@dataclass(frozen=True)
class Line:
    """A line of ``line_chart``: values per x position (None: no point there), drawn with ``css``."""

    name: str
    css: str
    values: list


def line_chart(lines: list[Line], *, x_labels: list[str], title: str, band: tuple | None = None):
    """Lines over shared x positions (months, say) with a labelled y axis from 0, a legend of the
    lines' names, and optionally a shaded ``band`` ``(css, name, lows, highs)`` between two series."""
    height, left, right, top, bottom = 250, 56, 32, 12, 60
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for line in lines for v in line.values if v is not None]
    if band:
        values += [v for v in band[3] if v is not None]
    top_value = max([1, *values])
    step = 10 ** max(0, len(str(int(top_value))) - 1)
    top_value = math.ceil(top_value / step) * step
    count = max(1, len(x_labels) - 1)

    def x(i):
        return left + plot_w * i / count

    def y(v):
        return top + plot_h * (1 - v / top_value)

    parts = []
    for tick in (0, top_value / 2, top_value):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="value" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{number(int(tick))}</text>'
        )
    every = max(1, math.ceil(len(x_labels) / 12))
    for i, label in enumerate(x_labels):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(label)}</text>')
    if band:
        css, _name, lows, highs = band
        upper = [(x(i), y(v)) for i, v in enumerate(highs) if v is not None]
        lower = [(x(i), y(v)) for i, v in enumerate(lows) if v is not None][::-1]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in upper + lower)
        parts.append(f'<polygon class="{escape(css)}" points="{points}"/>')
    for line in lines:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(line.values) if v is not None)
        parts.append(
            f'<polyline class="{escape(line.css)}" points="{points}"><title>{escape(line.name)}</title></polyline>'
        )
    legend = [(line.css, line.name) for line in lines] + ([(band[0], band[1])] if band else [])
    legend_x: float = left
    legend_y = height - 30
    for css, name in legend:
        width = 30 + 7.5 * len(name)  # 12 px letters, Cyrillic included
        if legend_x + width > WIDTH:
            legend_x, legend_y = left, legend_y + 16
        parts.append(
            f'<rect class="{escape(css)} key" x="{legend_x}" y="{legend_y - 4}" width="14" height="4"/>'
            f'<text class="legend" x="{legend_x + 18}" y="{legend_y}">{escape(name)}</text>'
        )
        legend_x += width
    return _svg(parts, title, height=height)
