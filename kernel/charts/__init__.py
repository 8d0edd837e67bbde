"""Server-rendered SVG charts for the whole portal: no script, nothing from outside (the
Content-Security-Policy allows neither, and the department's network has no internet).

- ``bars``: use against a limit (the start page's quotas) and one bar split into parts;
- ``lines``: lines over months (a quota's fill against its plan);
- ``series``: grouped and horizontal bars of named series (the monitoring dashboard);
- ``palette``: one colour per meaning, shared with the PDF reports;
- ``svg``: the frame, the axis bounds and the legend they all use.
"""

from kernel.charts.bars import Bar, status_bar, utilisation_chart
from kernel.charts.lines import Line, line_chart
from kernel.charts.palette import colour, territory_colour
from kernel.charts.series import Series, bar_chart, hbar_chart
from kernel.charts.svg import Key, month_label

__all__ = [
    "Bar",
    "Key",
    "Line",
    "Series",
    "bar_chart",
    "colour",
    "hbar_chart",
    "line_chart",
    "month_label",
    "status_bar",
    "territory_colour",
    "utilisation_chart",
]
