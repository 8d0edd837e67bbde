"""Bars of use against a limit (the start page's quotas) and one bar split into parts (deliveries).

A bar's colour is its status's CSS class (``level``: the quota's fill status from quotas/fill.py, or
ok / warn / full), styled in portal.css so that the start page, the quota's page and the legend
agree.
"""

from dataclasses import dataclass

from django.utils.html import escape

from kernel.charts.svg import WIDTH, Key, frame, legend
from kernel.numbers import count_text, percent_text

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


def _bar(bar: Bar, y: float, plot_w: int) -> str:
    filled = plot_w * min(bar.percent or 0, 100) / 100
    value = f"{count_text(bar.used)} / {count_text(bar.limit)} · {percent_text(bar.percent)}"
    tooltip = f"{bar.label}: {value}" + (f" · {bar.note}" if bar.note else "")
    marker = ""
    if bar.marker is not None:
        x = LABEL_W + plot_w * min(max(bar.marker, 0), 100) / 100
        marker = f'<line class="pace" x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + ROW - 1}"/>'
    return (
        f'<g class="row {escape(bar.level)}"><title>{escape(tooltip)}</title>'
        f'<text class="label" x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
        f'<rect class="limit" x="{LABEL_W}" y="{y + 4}" width="{plot_w}" height="{ROW - 8}" rx="3"/>'
        f'<rect class="used" x="{LABEL_W}" y="{y + 4}" width="{filled:.1f}" height="{ROW - 8}" rx="3"/>'
        f"{marker}"
        f'<text class="value" x="{LABEL_W + plot_w + 8}" y="{y + 15}">{escape(value)}</text></g>'
    )


def utilisation_chart(groups: list[tuple[str, list[Bar]]], *, title: str, legend_keys: list[Key] | None = None):
    """Horizontal bars of use against limit, in groups (one per kind of quota): the whole bar is
    the limit, the filled part what is used, coloured by the bar's ``level``; a tick marks the pace
    where a bar has one. ``legend_keys`` are drawn beneath."""
    plot_w = WIDTH - LABEL_W - VALUE_W
    parts: list[str] = []
    y: float = 4
    for heading, bars in groups:
        parts.append(f'<text class="heading" x="0" y="{y + 16}">{escape(heading)}</text>')
        y += HEADING
        for bar in bars:
            parts.append(_bar(bar, y, plot_w))
            y += ROW
    if legend_keys:
        keys, y = legend(legend_keys, x0=0, y=y + 8)
        parts += keys
    return frame(parts, title, height=y + 4)


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
                f"<title>{escape(name)}: {count_text(count)}</title></rect>"
            )
            x += width
    if not total:
        parts.append(f'<rect class="empty" x="0" y="4" width="{WIDTH}" height="20"/>')
    keys, y = legend([Key(f"{name}: {count_text(count)}", css=css) for css, name, count in segments], x0=0, y=32)
    return frame(parts + keys, title, height=y + 2)
