"""The p.8 forecast (method in ``monitoring/forecast.py``) and the existing capacity it is set
against."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from kernel.territory.selectors import astana_districts
from monitoring import forecast
from monitoring.aggregates import astana_region_id
from monitoring.errors import MonitoringError
from monitoring.models import CITY, Facility, FacilityCapacity, Forecast, area_of
from monitoring.services.common import as_astana_district


@transaction.atomic
def forecasts_compute(*, base_year: int, by=None, today: datetime.date | None = None) -> int:
    """Places needed in schools, kindergartens and clinics for the years after ``base_year``, per
    district and for the whole city, with the shortfall where the capacity is entered."""
    today = today or timezone.localdate()
    day = forecast.base_date(base_year, today)
    years = forecast.flow_years(day)
    share = forecast.share_left(day) if day.year == base_year else 0.0
    districts = list(astana_districts())
    structure = forecast.age_structure(day)
    migration = forecast.net_migration_by_age(years, astana_region_id())
    vital = forecast.vital_rates(years)
    capacities = _capacities([d.kato for d in districts])
    now = timezone.now()
    rows = []
    city_cohorts: dict[int, int] = {}
    city_migration: dict[int, float] = {}
    for district in districts:
        cohorts = structure.get(district.id, {})
        flows = migration.get(district.id, {})
        for born, n in cohorts.items():
            city_cohorts[born] = city_cohorts.get(born, 0) + n
        for age, flow in flows.items():
            city_migration[age] = city_migration.get(age, 0.0) + flow
        rows += _rows(cohorts, flows, vital.get(district.kato), base_year, share, district, capacities, now)
    rows += _rows(city_cohorts, city_migration, vital.get(CITY), base_year, share, None, capacities, now)
    Forecast.objects.filter(base_year=base_year).delete()
    Forecast.objects.bulk_create(rows)
    audit_record(by=by, action="update", changes={"base_year": [None, base_year], "forecasts": [None, len(rows)]})
    return len(rows)


def _rows(cohorts, flows, vital, base_year, share, district, capacities, now) -> list[Forecast]:
    vital = vital or forecast.Vital()
    base = sum(cohorts.values())
    net = sum(flows.values())
    rate = Decimal(net / base if base else 0).quantize(Decimal("0.00001"))
    area = area_of(district)
    rows = []
    for need in forecast.needs(cohorts, base_year=base_year, migration=flows, vital=vital, base_share_left=share):
        capacity = capacities.get((area, need.facility))
        rows.append(
            Forecast(
                base_year=base_year,
                target_year=need.target_year,
                district=district,
                area=area,
                facility=need.facility,
                population=need.population,
                places=need.places,
                capacity=capacity,
                shortfall=None if capacity is None else need.places - capacity,
                net_migration=round(net),
                births=round(vital.births),
                migration_rate=max(min(rate, Decimal("999.99999")), Decimal("-999.99999")),
                computed_at=now,
            )
        )
    return rows


def _capacities(katos: list[str]) -> dict[tuple[str, str], int]:
    """``{(area, facility): capacity}``; the city's is its own entry, or else the sum of its
    districts' when every district has one."""
    entered = {(c.area, c.facility): c.capacity for c in FacilityCapacity.objects.all()}
    for facility in Facility.values:
        if (CITY, facility) not in entered and all((k, facility) in entered for k in katos):
            entered[(CITY, facility)] = sum(entered[(k, facility)] for k in katos)
    return entered


_CAPACITY_FIELDS = ["capacity", "as_of", "source_document", "entered_by_id"]


@transaction.atomic
def facility_capacity_enter(
    *, district, facility: str, capacity: int, as_of: datetime.date, source_document: str, by
) -> FacilityCapacity:
    """The existing capacity of a territory's schools, kindergartens or clinics (one per territory
    and facility; entering it again replaces it). The forecast shows it from its next computation."""
    district = as_astana_district(district)
    if facility not in Facility.values:
        raise MonitoringError(_("Facility: choose schools, kindergartens or clinics."))
    if capacity is None or int(capacity) < 0:
        raise MonitoringError(_("Existing capacity: a whole number, zero or more."))
    if not (source_document or "").strip():
        raise MonitoringError(_("Source document: name the document the capacity comes from."))
    area = area_of(district)
    current = FacilityCapacity.objects.select_for_update().filter(area=area, facility=facility).first()
    before = audit_snapshot(current, _CAPACITY_FIELDS) if current else {}
    row = current or FacilityCapacity(district=district, area=area, facility=facility)
    row.capacity, row.as_of, row.source_document = int(capacity), as_of, source_document.strip()
    row.entered_by = actor_user(by)
    row.updated_at = timezone.now()
    row.save()
    audit_record(
        by=by,
        action="update" if current else "create",
        target=row,
        changes=audit_diff(before, audit_snapshot(row, _CAPACITY_FIELDS)),
    )
    return row
