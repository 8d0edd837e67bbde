"""What every report format shows: the chosen indicators' values per period and territory.

Only aggregates are read (indicator values); nothing here can reach a registration record.
Labels are taken in the active language (the report job runs under the requester's language).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import catalogue
from monitoring.models import Indicator
from monitoring.periods import Period
from monitoring.selectors import area_names, value_table
from registration.ethnicities import BY_CODE as ETHNICITIES
from registration.ethnicities import ethnicity_name


def part_label(key: str) -> str:
    """The label of a breakdown part: an ethnicity's name in the active language, or one of the
    catalogue's parts."""
    labels = {
        "births": _("births"),
        "deaths": _("deaths"),
        catalogue.EMIGRATION: _("emigration"),
        catalogue.INTERNAL_OUTFLOW: _("departures to other regions"),
        "infrastructure_engineering": _("engineering"),
        "infrastructure_transport": _("transport"),
        "infrastructure_social": _("social"),
    }
    if key == "":
        return _("not stated")
    if key in ETHNICITIES:
        return ethnicity_name(key)
    return labels.get(key, key)


def number(value):
    """An int when whole, else a float: how spreadsheets and tables want it (None stays None)."""
    if value is None or value == "":
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


@dataclass
class ReportData:
    indicators: list[Indicator]
    periods: list[str]  # years first, then quarters, then months: each kind a contiguous block
    areas: list[tuple[str, str]]  # (KATO, name)
    table: dict = field(default_factory=dict)
    generated_at: object = None

    @classmethod
    def load(cls, parameters: dict) -> "ReportData":
        codes = parameters["indicators"]
        indicators = list(Indicator.objects.filter(code__in=codes).order_by("position"))
        periods = sorted((Period.parse(p) for p in parameters["periods"]), key=lambda p: (p.rank, p.start))
        names = area_names()
        wanted = set(parameters["districts"])
        areas = [(kato, name) for kato, name in names.items() if kato in wanted]
        return cls(
            indicators=indicators,
            periods=[str(p) for p in periods],
            areas=areas,
            table=value_table(indicators=codes, periods=periods, areas=[k for k, _n in areas]),
            generated_at=timezone.localtime(),
        )

    def value(self, code: str, period: str, area: str):
        found = self.table.get((code, period, area))
        return number(found[0]) if found else None

    def breakdown(self, code: str, period: str, area: str) -> dict:
        found = self.table.get((code, period, area))
        return found[1] if found else {}

    def periods_with_values(self, code: str) -> list[str]:
        """The chosen periods in which ``code`` has a value somewhere (a yearly figure has no months)."""
        return [p for p in self.periods if any(self.value(code, p, kato) is not None for kato, _n in self.areas)]

    def has_values(self, code: str) -> bool:
        return any(key[0] == code for key in self.table)

    def chart_periods(self, code: str) -> list[str]:
        """The periods a chart of ``code`` plots: the largest block of one kind with values (months
        over quarters over years when as large); empty when the indicator has no value at all."""
        blocks: dict[str, list[str]] = {}
        for p in self.periods_with_values(code):
            blocks.setdefault(Period.parse(p).kind, []).append(p)
        return max(blocks.values(), key=lambda b: (len(b), Period.parse(b[0]).rank), default=[])

    def composition_period(self, code: str) -> str | None:
        """The period whose breakdown a report details: the latest chosen period with one."""
        candidates = [p for p in self.periods if any(self.breakdown(code, p, a) for a, _n in self.areas)]
        return max(candidates, key=lambda p: (Period.parse(p).end, -Period.parse(p).rank), default=None)

    def parts(self, code: str, period: str, limit: int | None = None) -> list[str]:
        """Breakdown keys of ``code`` in ``period``, largest first across the chosen territories."""
        totals: dict[str, float] = {}
        for area, _name in self.areas:
            for key, n in self.breakdown(code, period, area).items():
                totals[key] = totals.get(key, 0) + float(n or 0)
        ordered = sorted(totals, key=lambda k: (-totals[k], k))
        return ordered[:limit] if limit else ordered

    def title(self) -> str:
        return _("Monitoring of migration processes in Astana")

    def headers(self) -> dict[str, str]:
        return {
            "indicator": _("indicator code"),
            "name": _("indicator"),
            "unit": _("unit"),
            "period": _("period"),
            "kato": _("KATO code"),
            "territory": _("territory"),
            "part": _("part"),
            "value": _("value"),
        }

    def notice(self) -> str:
        return _(
            "Aggregated figures only: the report holds no personal data. Values computed from registration "
            "records are recomputed nightly; entered values name their statistics source."
        )
