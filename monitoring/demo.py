"""Demo monitoring data (``load_demo_data``, after registration's demo records).

The computed indicators of the last three years are recomputed from whatever registration records
exist; natural increase and the other statistics are then entered through the same services staff
use. Natural increase is scaled to the demo's outflow (the demo holds far fewer records than the
city has residents), so that some periods and districts fall below their outflow and raise p.6
alerts with measure plans; the forecast is computed last.
"""

from decimal import Decimal

from django.utils import timezone

from kernel.territory.selectors import astana_districts
from monitoring import catalogue
from monitoring.models import Indicator, IndicatorValue, OutflowAlert
from monitoring.periods import Period
from monitoring.services import forecasts_compute, indicator_value_enter, indicators_recompute, natural_increase_enter

SOURCES = {
    catalogue.NATURAL_INCREASE: "БНС АСПиР РК, «Естественное движение населения г. Астаны», {period} (демо)",
    catalogue.POPULATION_DENSITY: "БНС АСПиР РК, «Численность населения г. Астаны», {period} (демо)",
    "urbanisation": "БНС АСПиР РК, «Численность населения г. Астаны», {period} (демо)",
    "ecological_situation": "РГП «Казгидромет», бюллетень о состоянии окружающей среды, {period} (демо)",
    "religious_situation": "Управление по делам религий г. Астаны, реестр, {period} (демо)",
    "labour_market_balance": "Электронная биржа труда, статистика вакансий и соискателей, {period} (демо)",
    "infrastructure_engineering": "Управление энергетики и ЖКХ г. Астаны, {period} (демо)",
    "infrastructure_transport": "Управление пассажирского транспорта г. Астаны, {period} (демо)",
    "infrastructure_social": "Управления образования и здравоохранения г. Астаны, {period} (демо)",
}


def load(*, rng, options, stdout) -> None:
    catalogue.catalogue_sync(Indicator)  # idempotent; the migration has normally loaded it
    today = timezone.localdate()
    years = [today.year - 2, today.year - 1, today.year]
    for year in years:
        indicators_recompute(year=year)
    for year in years:
        statistics_enter(rng=rng, year=year, today=today)
    forecasts_compute(base_year=today.year)
    stdout.write(
        f"Monitoring: indicators of {years[0]}-{years[-1]}, {OutflowAlert.objects.count()} outflow alerts, forecast."
    )


def statistics_enter(*, rng, year: int, today) -> None:
    """Natural increase and the statistics-sourced indicators of ``year`` (also used by the benchmark)."""
    districts = list(astana_districts())
    _natural_increase(rng, year, districts, today)
    _statistics(rng, year, districts, today)


def _outflow(period: Period, area: str) -> int:
    value = (
        IndicatorValue.objects.filter(indicator__code=catalogue.POPULATION_OUTFLOW, period=str(period), area=area)
        .values_list("value", flat=True)
        .first()
    )
    return int(value or 0)


def _natural_increase(rng, year, districts, today) -> None:
    source = SOURCES[catalogue.NATURAL_INCREASE]
    yearly = {d.kato: [0, 0] for d in districts}
    started = [q for q in range(1, 5) if Period.quarter(year, q).start <= today]
    for q in started:
        period = Period.quarter(year, q)
        city = [0, 0]
        for district in districts:
            outflow = _outflow(period, district.kato)
            # Around 0.6-1.6 times the outflow: some quarters and districts fall short (p.6 alert).
            # Births come to about 1.3 times the natural increase, some 3 % of the register a year,
            # near Astana's crude birth rate (no floor that would lift a small demo's births above it).
            natural = round(max(outflow, 1) * rng.uniform(0.6, 1.6))
            deaths = rng.randint(max(1, natural // 5), max(2, natural // 3))
            births = natural + deaths
            natural_increase_enter(
                period=period,
                district=district,
                births=births,
                deaths=deaths,
                source_document=source.format(period=period),
                by=None,
            )
            city[0] += births
            city[1] += deaths
            yearly[district.kato][0] += births
            yearly[district.kato][1] += deaths
        natural_increase_enter(
            period=period,
            district=None,
            births=city[0],
            deaths=city[1],
            source_document=source.format(period=period),
            by=None,
        )
    if len(started) == 4:
        for district in districts:
            births, deaths = yearly[district.kato]
            natural_increase_enter(
                period=Period(year),
                district=district,
                births=births,
                deaths=deaths,
                source_document=source.format(period=year),
                by=None,
            )
        natural_increase_enter(
            period=Period(year),
            district=None,
            births=sum(b for b, _d in yearly.values()),
            deaths=sum(d for _b, d in yearly.values()),
            source_document=source.format(period=year),
            by=None,
        )


def _enter(code, period, district, value) -> None:
    indicator = Indicator.objects.get(code=code)
    indicator_value_enter(
        indicator=indicator,
        period=period,
        district=district,
        value=Decimal(str(value)),
        source_document=SOURCES[code].format(period=period),
        by=None,
    )


def city_density(densities: dict[str, int], residents: dict[str, int]) -> int:
    """The city's density from its districts': all residents over all the area, each district's
    area being its residents over its density (equal weights when no one is registered yet) — so it
    lies between the districts' densities."""
    weights = {kato: residents.get(kato, 0) for kato in densities}
    if not sum(weights.values()):
        weights = dict.fromkeys(densities, 1)
    area = sum(weights[kato] / density for kato, density in densities.items())
    return round(sum(weights.values()) / area)


def _registered(period: Period, katos: list[str]) -> dict[str, int]:
    values = IndicatorValue.objects.filter(
        indicator__code=catalogue.REGISTERED_POPULATION, period=str(period), area__in=katos
    ).values_list("area", "value")
    return {area: int(value) for area, value in values}


def _statistics(rng, year, districts, today) -> None:
    territories = [*districts, None]
    yearly = Period(year)
    densities = {d.kato: rng.randint(900, 4200) for d in districts}
    densities[None] = city_density(densities, _registered(yearly, list(densities)))
    for district in territories:
        _enter(catalogue.POPULATION_DENSITY, yearly, district, densities[district.kato if district else None])
        _enter("urbanisation", yearly, district, "100.0")
        _enter("religious_situation", yearly, district, rng.randint(15, 45) if district else 180)
        for part in catalogue.INFRASTRUCTURE_PARTS:
            _enter(part, yearly, district, round(rng.uniform(72, 99), 1))
        for q in range(1, 5):
            quarter = Period.quarter(year, q)
            if quarter.start > today:
                continue
            _enter("ecological_situation", quarter, district, round(rng.uniform(3.5, 8.5), 1))
            _enter(
                "labour_market_balance",
                quarter,
                district,
                rng.randint(-900, 1500) if district else rng.randint(-2000, 5000),
            )
