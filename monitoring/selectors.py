"""Reads of the monitoring app: values, alerts, forecasts, and the evidence other apps freeze.

``evidence_snapshot`` is what a proposal (rules p.4) attaches as its frozen monitoring evidence.
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.territory.selectors import astana_districts
from monitoring import catalogue
from monitoring.models import CITY, Forecast, Indicator, IndicatorValue, Measure, OutflowAlert, area_of
from monitoring.periods import Period


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("parent").order_by("position", "code")


def indicator_values(*, indicators=None, periods=None, districts=None) -> QuerySet[IndicatorValue]:
    """Values filtered by indicator codes, period strings and territories (District, KATO, or None
    / the city's KATO for whole-city figures)."""
    qs = IndicatorValue.objects.select_related("indicator", "district")
    if indicators is not None:
        qs = qs.filter(indicator__code__in=list(indicators))
    if periods is not None:
        qs = qs.filter(period__in=[str(p) for p in periods])
    if districts is not None:
        qs = qs.filter(area__in=[area_of(d) for d in districts])
    return qs.order_by("indicator__position", "period_start", "period_kind", "area")


def value_table(*, indicators, periods, areas) -> dict[tuple[str, str, str], tuple[Decimal, dict]]:
    """``{(code, period, area): (value, breakdown)}`` — an aggregate table, never personal data."""
    rows = IndicatorValue.objects.filter(
        indicator__code__in=list(indicators), period__in=[str(p) for p in periods], area__in=list(areas)
    ).values_list("indicator__code", "period", "area", "value", "breakdown")
    return {(code, period, area): (value, breakdown) for code, period, area, value, breakdown in rows}


def area_names() -> dict[str, str]:
    """KATO → name in the active language, Astana's districts first, then the whole city."""
    names = {d.kato: d.name for d in astana_districts()}
    names[CITY] = _("Astana (whole city)")
    return names


def open_alerts(*, district=..., periods=None) -> QuerySet[OutflowAlert]:
    """Open outflow alerts; ``district`` narrows to one territory (None: whole-city alerts)."""
    qs = OutflowAlert.objects.filter(status=OutflowAlert.Status.OPEN).select_related("district", "plan")
    if district is not ...:
        qs = qs.filter(area=area_of(district))
    if periods is not None:
        qs = qs.filter(period__in=[str(p) for p in periods])
    return qs.order_by("-period_start", "period", "area")


def open_alerts_with_progress() -> QuerySet[OutflowAlert]:
    """Open outflow alerts, newest period first, each with its plan's measures counted
    (``measures_total``, and ``measures_done`` for those done or cancelled)."""
    finished = [Measure.Status.DONE, Measure.Status.CANCELLED]
    return open_alerts().annotate(
        measures_total=Count("plan__measures"),
        measures_done=Count("plan__measures", filter=Q(plan__measures__status__in=finished)),
    )


def evidence_snapshot(*, period, district=None, indicators=None) -> dict:
    """Monitoring figures of one period and territory as plain JSON, to freeze as a proposal's evidence.

    ``period`` is a Period or its string; ``district`` a District, its KATO code or None for the whole
    city; ``indicators`` a list of codes (default: all with a value). Only aggregates, no personal data.
    """
    period = period if isinstance(period, Period) else Period.parse(period)
    area = area_of(district)
    values = indicator_values(indicators=indicators, periods=[period], districts=[area])
    alerts = OutflowAlert.objects.filter(area=area, period__startswith=str(period.year)).order_by("period_start")
    return {
        "period": str(period),
        "district": None if area == CITY else area,
        "taken_at": timezone.now().isoformat(),
        "values": [
            {
                "indicator": v.indicator.code,
                "name_kk": v.indicator.name_kk,
                "name_ru": v.indicator.name_ru,
                "unit": v.indicator.unit,
                "value": str(v.value),
                "breakdown": v.breakdown,
                "source": v.indicator.source,
                "source_document": v.source_document,
            }
            for v in values
        ],
        "alerts": [
            {
                "period": a.period,
                "outflow": str(a.outflow),
                "natural_increase": str(a.natural_increase),
                "status": a.status,
                "raised_at": a.raised_at.isoformat(),
            }
            for a in alerts
        ],
    }


def years_with_values() -> list[int]:
    years = IndicatorValue.objects.filter(period_kind="year").values_list("period", flat=True).distinct()
    return sorted({int(y) for y in years}, reverse=True)


def latest_forecasts() -> QuerySet[Forecast]:
    latest = Forecast.objects.order_by("-base_year").values_list("base_year", flat=True).first()
    if latest is None:
        return Forecast.objects.none()
    return (
        Forecast.objects.filter(base_year=latest).select_related("district").order_by("target_year", "area", "facility")
    )


def dashboard(year: int) -> dict:
    """The figures of the admin dashboard for ``year``: monthly flows of the city, the year by district,
    national composition, open alerts and the latest forecast."""
    months = [str(Period.month(year, m)) for m in range(1, 13)]
    names = area_names()
    katos = [k for k in names if k != CITY]
    codes = [
        catalogue.IMMIGRATION,
        catalogue.INTERNAL_INFLOW,
        catalogue.EMIGRATION,
        catalogue.INTERNAL_OUTFLOW,
        catalogue.NET_MIGRATION,
        catalogue.POPULATION_OUTFLOW,
        catalogue.NATURAL_INCREASE,
        catalogue.REGISTERED_POPULATION,
        catalogue.LABOUR_MIGRATION,
        catalogue.NATIONAL_COMPOSITION,
    ]
    table = value_table(indicators=codes, periods=[*months, str(year)], areas=list(names))

    def get(code, period, area):
        found = table.get((code, period, area))
        return float(found[0]) if found else None

    inflow = [
        (get(catalogue.IMMIGRATION, m, CITY) or 0) + (get(catalogue.INTERNAL_INFLOW, m, CITY) or 0) for m in months
    ]
    outflow = [get(catalogue.POPULATION_OUTFLOW, m, CITY) or 0 for m in months]
    composition = (table.get((catalogue.NATIONAL_COMPOSITION, str(year), CITY)) or (0, {}))[1]
    return {
        "year": year,
        "months": [m[-2:] for m in months],
        "inflow": inflow,
        "outflow": outflow,
        "districts": [names[k] for k in katos],
        "net_by_district": [get(catalogue.NET_MIGRATION, str(year), k) or 0 for k in katos],
        "outflow_by_district": [get(catalogue.POPULATION_OUTFLOW, str(year), k) or 0 for k in katos],
        "natural_by_district": [get(catalogue.NATURAL_INCREASE, str(year), k) for k in katos],
        "population": get(catalogue.REGISTERED_POPULATION, str(year), CITY),
        "labour_migration": get(catalogue.LABOUR_MIGRATION, str(year), CITY),
        "net_migration": get(catalogue.NET_MIGRATION, str(year), CITY),
        "composition": list(composition.items())[:8],
        "alerts": list(open_alerts()[:50]),
        "alerts_total": open_alerts().count(),
        "forecasts": list(latest_forecasts().filter(area=CITY)),
    }
