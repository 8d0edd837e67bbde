"""The catalogue covers every feature of rules p.3 with stable codes, after ``migrate`` alone."""

from monitoring.catalogue import catalogue_sync
from monitoring.models import Indicator

P3_FEATURES = [
    "population_density",
    "immigration",
    "emigration",
    "labour_migration",
    "internal_inflow",
    "internal_outflow",
    "urbanisation",
    "ecological_situation",
    "religious_situation",
    "national_composition",
    "labour_market_balance",
    "infrastructure_provision",
    "natural_increase",
]


def test_it_has_every_feature_of_p3_after_migrate(db):
    # No command run: the data migration loaded the catalogue.
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert set(P3_FEATURES) <= codes
    assert {"infrastructure_engineering", "infrastructure_transport", "infrastructure_social"} <= codes


def test_it_names_each_indicator_in_three_languages_with_unit_period_and_source(db):
    for indicator in Indicator.objects.all():
        assert indicator.name_kk and indicator.name_ru and indicator.name_en, indicator.code
        assert indicator.unit in Indicator.Unit.values
        assert indicator.period_type in ("year", "quarter", "month")
        assert indicator.source in Indicator.Source.values
        assert indicator.definition, indicator.code


def test_it_loads_the_catalogue_idempotently(db):
    before = list(Indicator.objects.values_list("id", "code"))
    catalogue_sync(Indicator)
    assert list(Indicator.objects.values_list("id", "code")) == before


def test_it_groups_infrastructure_into_engineering_transport_and_social(db):
    parent = Indicator.objects.get(code="infrastructure_provision")
    assert sorted(parent.parts.values_list("code", flat=True)) == [
        "infrastructure_engineering",
        "infrastructure_social",
        "infrastructure_transport",
    ]
