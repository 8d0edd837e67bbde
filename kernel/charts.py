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
    """One bar: ``percent`` and ``level`` (its CSS class: ``ok``, ``warn``, ``full``) are the
    caller's, from the rule that owns them (quotas/utilisation.py for a quota)."""

    label: str
    used: int
    limit: int
    percent: float | None
    level: str = "ok"


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


def utilisation_chart(groups: list[tuple[str, list[Bar]]], *, title: str):
    """Horizontal bars of use against limit, in groups (one per kind of quota): the whole bar is
    the limit, the filled part what is used; amber from 90 %, red when full."""
    plot_w = WIDTH - LABEL_W - VALUE_W
    parts, y = [], 4
    for heading, bars in groups:
        parts.append(f'<text class="heading" x="0" y="{y + 16}">{escape(heading)}</text>')
        y += HEADING
        for bar in bars:
            filled = plot_w * min(bar.percent or 0, 100) / 100
            value = f"{number(bar.used)} / {number(bar.limit)} · {percent_text(bar.percent)}"
            parts.append(
                f'<g class="row {bar.level}"><title>{escape(bar.label)}: {escape(value)}</title>'
                f'<text class="label" x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
                f'<rect class="limit" x="{LABEL_W}" y="{y + 4}" width="{plot_w}" height="{ROW - 8}" rx="3"/>'
                f'<rect class="used" x="{LABEL_W}" y="{y + 4}" width="{filled:.1f}" height="{ROW - 8}" rx="3"/>'
                f'<text class="value" x="{LABEL_W + plot_w + 8}" y="{y + 15}">{escape(value)}</text></g>'
            )
            y += ROW
    return _svg(parts, title, height=y + 4)


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
