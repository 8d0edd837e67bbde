"""Lines over shared x positions (a quota's months), with an optional shaded range between two
series. A line's colour is its CSS class (``used``, ``plan``, ``projection``, ``range``, ``limit`` in
portal.css) or, for a line with a meaning of the palette, that meaning's colour."""

import math
from dataclasses import dataclass

from django.utils.html import escape

from kernel.charts.svg import WIDTH, Key, Plot, frame, legend, scale, y_axis

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 250, 56, 32, 12, 60


@dataclass(frozen=True)
class Line:
    """A line of ``line_chart``: values per x position (None: no point there), drawn with ``css``
    (or ``colour``, a meaning's from the palette)."""

    name: str
    css: str
    values: list
    colour: str = ""


def line_chart(lines: list[Line], *, x_labels: list[str], title: str, band: tuple | None = None):
    """Lines over shared x positions (months, say) with a labelled y axis from 0, a legend of the
    lines' names, and optionally a shaded ``band`` ``(css, name, lows, highs)`` between two series."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for line in lines for v in line.values if v is not None]
    if band:
        values += [v for v in band[3] if v is not None]
    low, high, step = scale(values)
    count = max(1, len(x_labels) - 1)

    def x(i):
        return LEFT + plot_w * i / count

    parts, y = y_axis(low, high, step, Plot(LEFT, LEFT + plot_w, TOP, plot_h))
    every = max(1, math.ceil(len(x_labels) / 12))
    for i, label in enumerate(x_labels):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{escape(label)}</text>')
    if band:
        css, _name, lows, highs = band
        upper = [(x(i), y(v)) for i, v in enumerate(highs) if v is not None]
        lower = [(x(i), y(v)) for i, v in enumerate(lows) if v is not None][::-1]
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in upper + lower)
        parts.append(f'<polygon class="{escape(css)}" points="{points}"/>')
    for line in lines:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(line.values) if v is not None)
        stroke = f' stroke="{escape(line.colour)}"' if line.colour else ""
        title = f"<title>{escape(line.name)}</title>"
        parts.append(f'<polyline class="{escape(line.css)}"{stroke} points="{points}">{title}</polyline>')
    keys = [Key(line.name, colour=line.colour, css=line.css, shape="line") for line in lines]
    if band:
        keys.append(Key(band[1], css=band[0], shape="line"))
    key_parts, bottom = legend(keys, x0=LEFT, y=TOP + plot_h + 26)
    return frame(parts + key_parts, title, height=max(HEIGHT, bottom + 2))
