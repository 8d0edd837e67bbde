"""Values entered by staff from statistics: where they may go, what they must name, what they feed."""

from decimal import Decimal

import pytest

from kernel.audit.models import AuditEntry
from kernel.territory.models import District
from monitoring.models import CITY, Indicator, IndicatorValue
from monitoring.services import MonitoringError, indicator_value_enter, natural_increase_enter
from monitoring.tests.conftest import ALMATY


def test_it_stores_natural_increase_as_births_minus_deaths(districts, staff_user):
    row = natural_increase_enter(
        period="2026-03", district=districts[ALMATY], births=120, deaths=30, source_document="БНС", by=staff_user
    )
    assert row.value == 90
    assert row.breakdown == {"births": 120, "deaths": 30}
    assert row.entered_by == staff_user
    # The audit trail says who entered it.
    assert AuditEntry.objects.filter(object_id=str(row.pk), actor=staff_user).exists()


def test_it_corrects_a_value_in_place(districts, staff_user):
    natural_increase_enter(period="2026", district=None, births=10, deaths=1, source_document="a", by=staff_user)
    natural_increase_enter(period="2026", district=None, births=12, deaths=1, source_document="b", by=staff_user)
    row = IndicatorValue.objects.get(indicator__code="natural_increase", period="2026", area=CITY)
    assert (row.value, row.source_document) == (11, "b")


def test_it_wants_the_source_document(districts, staff_user):
    with pytest.raises(MonitoringError):
        natural_increase_enter(period="2026", district=None, births=1, deaths=0, source_document=" ", by=staff_user)


def test_it_refuses_a_period_finer_than_the_indicator_keeps(districts, staff_user):
    # Population density is a yearly figure.
    density = Indicator.objects.get(code="population_density")
    with pytest.raises(MonitoringError):
        indicator_value_enter(
            indicator=density, period="2026-03", district=None, value=1800, source_document="БНС", by=staff_user
        )


def test_it_refuses_to_hand_enter_a_computed_indicator(districts, staff_user):
    with pytest.raises(MonitoringError):
        indicator_value_enter(
            indicator=Indicator.objects.get(code="immigration"),
            period="2026",
            district=None,
            value=1,
            source_document="x",
            by=staff_user,
        )


def test_it_refuses_a_district_outside_astana(districts, staff_user):
    elsewhere = District.objects.exclude(region__kato="710000000").first()
    with pytest.raises(MonitoringError):
        natural_increase_enter(
            period="2026", district=elsewhere, births=1, deaths=0, source_document="x", by=staff_user
        )


def test_it_keeps_infrastructure_provision_as_the_mean_of_its_parts(districts, staff_user):
    for code, value in (("infrastructure_engineering", 90), ("infrastructure_transport", 80)):
        indicator_value_enter(
            indicator=Indicator.objects.get(code=code),
            period="2026",
            district=districts[ALMATY],
            value=value,
            source_document="Управление",
            by=staff_user,
        )
    row = IndicatorValue.objects.get(indicator__code="infrastructure_provision", period="2026", area=ALMATY)
    assert row.value == Decimal("85.00")
    assert row.breakdown == {"infrastructure_engineering": 90.0, "infrastructure_transport": 80.0}
