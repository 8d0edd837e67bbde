"""The indicator catalogue: every feature of Astana's migration processes listed in rules p.3, with
stable codes (the API and reports name indicators by code), names in Kazakh, Russian and English,
unit, period type and source.

The catalogue is data; ``catalogue_sync`` loads it idempotently. A data migration calls it, so the
catalogue exists after ``migrate`` alone; a later change to the list below ships with a migration
that calls it again.
"""

from django.utils.translation import gettext_lazy as _

from kernel.charts import palette

# Source of an indicator's values.
COMPUTED = "computed"  # SQL aggregates over registration records (rules p.8-9)
ENTERED = "entered"  # entered by staff from statistics, with the source document noted
DERIVED = "derived"  # derived from other indicators of this catalogue

# Units.
PERSONS = "persons"
PERSONS_PER_KM2 = "persons_per_km2"
PERCENT = "percent"
INDEX = "index"
UNITS = "units"

# Codes the code refers to (the rest are only data).
POPULATION_DENSITY = "population_density"
REGISTERED_POPULATION = "registered_population"
IMMIGRATION = "immigration"
EMIGRATION = "emigration"
LABOUR_MIGRATION = "labour_migration"
INTERNAL_INFLOW = "internal_inflow"
INTERNAL_OUTFLOW = "internal_outflow"
NET_MIGRATION = "net_migration"
POPULATION_OUTFLOW = "population_outflow"
NATIONAL_COMPOSITION = "national_composition"
NATURAL_INCREASE = "natural_increase"
INFRASTRUCTURE_PROVISION = "infrastructure_provision"
INFRASTRUCTURE_PARTS = ("infrastructure_engineering", "infrastructure_transport", "infrastructure_social")

# What an indicator's figures mean, for their colour on every chart and report (kernel.charts.palette).
MEANINGS = {
    IMMIGRATION: palette.ARRIVALS,
    INTERNAL_INFLOW: palette.ARRIVALS,
    EMIGRATION: palette.OUTFLOW,
    INTERNAL_OUTFLOW: palette.OUTFLOW,
    POPULATION_OUTFLOW: palette.OUTFLOW,
    NATURAL_INCREASE: palette.NATURAL_INCREASE,
    NET_MIGRATION: palette.NET_MIGRATION,
}

# code, (kk, ru, en), unit, period type, source, parent indicator (a part of a composite)
CATALOGUE = [
    (
        POPULATION_DENSITY,
        ("Халықтың тығыздығы", "Плотность населения", "Population density"),
        PERSONS_PER_KM2,
        "year",
        ENTERED,
        None,
    ),
    (
        REGISTERED_POPULATION,
        (
            "Тұрғылықты жері бойынша тіркелген халық",
            "Население, зарегистрированное по месту жительства",
            "Population registered at place of residence",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        IMMIGRATION,
        (
            "Көшіп келу (шетелден келгендер)",
            "Иммиграция (прибывшие из-за рубежа)",
            "Immigration (arrivals from abroad)",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        EMIGRATION,
        ("Эмиграция (шетелге кеткендер)", "Эмиграция (выбывшие за рубеж)", "Emigration (departures abroad)"),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        LABOUR_MIGRATION,
        (
            "Еңбек көші-қоны (жұмыс үшін уақытша тіркелген шетелдіктер)",
            "Трудовая миграция (иностранцы, временно зарегистрированные для работы)",
            "Labour migration (foreigners temporarily registered for work)",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        INTERNAL_INFLOW,
        (
            "Ішкі көші-қон ағыны: басқа өңірлерден келгендер",
            "Внутренняя миграция: прибывшие из других регионов",
            "Internal migration: arrivals from other regions",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        INTERNAL_OUTFLOW,
        (
            "Ішкі көші-қон ағыны: басқа өңірлерге кеткендер",
            "Внутренняя миграция: выбывшие в другие регионы",
            "Internal migration: departures to other regions",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        NET_MIGRATION,
        ("Көші-қон сальдосы", "Сальдо миграции", "Net migration"),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        POPULATION_OUTFLOW,
        (
            "Халықтың кетуі (эмиграция және ішкі көші-қон бойынша кеткендер)",
            "Отток населения (эмиграция и выбывшие в другие регионы)",
            "Population outflow (emigration and departures to other regions)",
        ),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        NATURAL_INCREASE,
        (
            "Халықтың табиғи өсімі (туғандар − қайтыс болғандар)",
            "Естественный прирост населения (родившиеся − умершие)",
            "Natural increase (births − deaths)",
        ),
        PERSONS,
        "month",
        ENTERED,
        None,
    ),
    (
        "urbanisation",
        (
            "Урбандалу процесі (қала халқының үлесі)",
            "Урбанизация (доля городского населения)",
            "Urbanisation (share of urban population)",
        ),
        PERCENT,
        "year",
        ENTERED,
        None,
    ),
    (
        "ecological_situation",
        (
            "Өңірдің экологиялық жағдайы (ауаның ластану индексі)",
            "Экологическая обстановка (индекс загрязнения атмосферы)",
            "Ecological situation (air pollution index)",
        ),
        INDEX,
        "quarter",
        ENTERED,
        None,
    ),
    (
        "religious_situation",
        (
            "Өңірдің діни жағдайы (тіркелген діни бірлестіктер)",
            "Религиозная обстановка (зарегистрированные религиозные объединения)",
            "Religious situation (registered religious associations)",
        ),
        UNITS,
        "year",
        ENTERED,
        None,
    ),
    (
        NATIONAL_COMPOSITION,
        ("Халықтың ұлттық құрамы", "Национальный состав населения", "National (ethnic) composition of the population"),
        PERSONS,
        "month",
        COMPUTED,
        None,
    ),
    (
        "labour_market_balance",
        (
            "Өңірлік еңбек нарығының теңгерімділігі (бос жұмыс орындары − жұмыс іздеушілер)",
            "Баланс регионального рынка труда (вакансии − ищущие работу)",
            "Regional labour market balance (vacancies − job seekers)",
        ),
        PERSONS,
        "month",
        ENTERED,
        None,
    ),
    (
        INFRASTRUCTURE_PROVISION,
        (
            "Инженерлік-көліктік және әлеуметтік инфрақұрылыммен қамтамасыз ету",
            "Обеспеченность инженерной, транспортной и социальной инфраструктурой",
            "Provision with engineering, transport and social infrastructure",
        ),
        PERCENT,
        "year",
        DERIVED,
        None,
    ),
    (
        "infrastructure_engineering",
        (
            "Инженерлік инфрақұрылыммен қамтамасыз ету",
            "Обеспеченность инженерной инфраструктурой",
            "Provision with engineering infrastructure",
        ),
        PERCENT,
        "year",
        ENTERED,
        INFRASTRUCTURE_PROVISION,
    ),
    (
        "infrastructure_transport",
        (
            "Көліктік инфрақұрылыммен қамтамасыз ету",
            "Обеспеченность транспортной инфраструктурой",
            "Provision with transport infrastructure",
        ),
        PERCENT,
        "year",
        ENTERED,
        INFRASTRUCTURE_PROVISION,
    ),
    (
        "infrastructure_social",
        (
            "Әлеуметтік инфрақұрылыммен қамтамасыз ету",
            "Обеспеченность социальной инфраструктурой",
            "Provision with social infrastructure",
        ),
        PERCENT,
        "year",
        ENTERED,
        INFRASTRUCTURE_PROVISION,
    ),
]

# How each indicator is obtained, shown in the admin, the API and every report (translated).
DEFINITIONS = {
    POPULATION_DENSITY: _("Residents per square kilometre, from the statistics bureau."),
    REGISTERED_POPULATION: _(
        "Permanent registrations active on the last day of the period (registered on or before it and not "
        "deregistered by then)."
    ),
    IMMIGRATION: _(
        "Permanent registrations made in the period by persons who arrived from another country "
        "(arrived from a country other than Kazakhstan)."
    ),
    EMIGRATION: _("Permanent registrations ended in the period by departure to another country."),
    LABOUR_MIGRATION: _(
        "Temporary registrations (place of stay) made in the period by foreigners and stateless persons "
        "whose purpose is work."
    ),
    INTERNAL_INFLOW: _(
        "Permanent registrations made in the period by persons who arrived from another region of Kazakhstan."
    ),
    INTERNAL_OUTFLOW: _("Permanent registrations ended in the period by departure to another region of Kazakhstan."),
    NET_MIGRATION: _("Immigration plus internal inflow, minus emigration and internal outflow."),
    POPULATION_OUTFLOW: _(
        "Emigration plus internal outflow: the outflow that rules p.6 compares with natural increase."
    ),
    NATURAL_INCREASE: _("Births minus deaths, from civil registration statistics, entered with the source document."),
    "urbanisation": _("Share of the urban population, per cent, from the statistics bureau."),
    "ecological_situation": _("Air pollution index (API), from the hydrometeorological service."),
    "religious_situation": _("Religious associations registered in the territory, from the religious affairs office."),
    NATIONAL_COMPOSITION: _("Active permanent registrations on the last day of the period, broken down by ethnicity."),
    "labour_market_balance": _(
        "Open vacancies minus registered job seekers, from the Electronic Labour Exchange statistics."
    ),
    INFRASTRUCTURE_PROVISION: _(
        "Mean of the provision with engineering, transport and social infrastructure entered for the period."
    ),
    "infrastructure_engineering": _(
        "Share of housing connected to water, sewerage, heat and power networks, per cent."
    ),
    "infrastructure_transport": _("Share of residents within walking distance of public transport, per cent."),
    "infrastructure_social": _(
        "Provision with places in schools, kindergartens and clinics against the planning norms, per cent."
    ),
}

COMPUTED_CODES = [row[0] for row in CATALOGUE if row[4] == COMPUTED]


def catalogue_sync(indicator_model) -> int:
    """Create or update every indicator of the catalogue; idempotent.

    Takes the model class, so the data migration can pass its historical model.
    """
    by_code = {}
    for order, (code, (kk, ru, en), unit, period_type, source, parent) in enumerate(CATALOGUE, start=1):
        by_code[code], _created = indicator_model.objects.update_or_create(
            code=code,
            defaults={
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
                "unit": unit,
                "period_type": period_type,
                "source": source,
                "parent": by_code.get(parent),
                "position": order * 10,
            },
        )
    return len(CATALOGUE)
