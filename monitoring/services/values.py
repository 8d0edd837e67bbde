"""Values: entered from statistics (with their source document), computed from registration records
(rules p.3), and the forecast built from them (p.8)."""

import datetime
import logging
from decimal import Decimal

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from kernel.territory.selectors import astana_districts
from monitoring import aggregates, catalogue
from monitoring.errors import MonitoringError
from monitoring.models import Indicator, IndicatorValue, RecomputeRequest, area_of
from monitoring.periods import Period, year_periods
from monitoring.services.alerts import outflow_alerts_raise
from monitoring.services.common import as_astana_district, as_period
from monitoring.services.forecasts import forecasts_compute
from monitoring.services.outbox import recompute_enqueue_on_commit, stale_after

log = logging.getLogger(__name__)

# --- Values entered from statistics ---------------------------------------------------------------


def indicator_value_check(*, indicator: Indicator, period) -> Period:
    """The period, if a value of ``indicator`` may be entered for it (forms call this to validate)."""
    period = as_period(period)
    if indicator.source != Indicator.Source.ENTERED:
        raise MonitoringError(_("%(indicator)s is not entered by hand.") % {"indicator": indicator.name})
    if not period.is_at_least_as_coarse_as(indicator.period_type):
        raise MonitoringError(
            _("%(indicator)s is kept per %(kind)s or a longer period.")
            % {"indicator": indicator.name, "kind": indicator.get_period_type_display()}
        )
    return period


@transaction.atomic
def indicator_value_enter(
    *, indicator: Indicator, period, district, value, source_document: str, by, breakdown: dict | None = None
) -> IndicatorValue:
    """Enter (or correct) a value from statistics, with the document it comes from."""
    period = indicator_value_check(indicator=indicator, period=period)
    district = as_astana_district(district)
    if not (source_document or "").strip():
        raise MonitoringError(_("Name the statistics document the value comes from."))
    stored = _value_store(
        indicator=indicator,
        period=period,
        district=district,
        value=Decimal(str(value)),
        breakdown=breakdown or {},
        source_document=source_document.strip(),
        by=by,
    )
    if indicator.parent is not None:
        _composite_refresh(parent=indicator.parent, period=period, district=district, by=by)
    if indicator.code == catalogue.NATURAL_INCREASE:
        outflow_alerts_raise(periods=[period], by=by)
    return stored


@transaction.atomic
def natural_increase_enter(*, period, district, births: int, deaths: int, source_document: str, by) -> IndicatorValue:
    """Natural increase (births − deaths) of a period and territory; raises an outflow alert when due."""
    if births < 0 or deaths < 0:
        raise MonitoringError(_("Births and deaths cannot be negative."))
    return indicator_value_enter(
        indicator=Indicator.objects.get(code=catalogue.NATURAL_INCREASE),
        period=period,
        district=district,
        value=births - deaths,
        breakdown={"births": births, "deaths": deaths},
        source_document=source_document,
        by=by,
    )


def _value_store(*, indicator, period, district, value, breakdown, source_document, by) -> IndicatorValue:
    current = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=str(period), area=area_of(district))
        .first()
    )
    fields = ["value", "breakdown", "source_document", "entered_by_id"]
    before = audit_snapshot(current, fields) if current else {}
    row = current or IndicatorValue(
        indicator=indicator,
        period=str(period),
        period_kind=period.kind,
        period_start=period.start,
        district=district,
        area=area_of(district),
    )
    row.value, row.breakdown, row.source_document = value, breakdown, source_document
    row.entered_by = actor_user(by)
    row.updated_at = timezone.now()
    row.save()
    audit_record(
        by=by,
        action="update" if current else "create",
        target=row,
        changes=audit_diff(before, audit_snapshot(row, fields)),
    )
    return row


def _composite_refresh(*, parent: Indicator, period: Period, district, by) -> None:
    """A composite (infrastructure provision) is the mean of its parts entered for the same period."""
    parts = dict(
        IndicatorValue.objects.filter(indicator__parent=parent, period=str(period), area=area_of(district)).values_list(
            "indicator__code", "value"
        )
    )
    mean = sum(parts.values(), Decimal(0)) / len(parts)
    _value_store(
        indicator=parent,
        period=period,
        district=district,
        value=mean.quantize(Decimal("0.01")),
        breakdown={code: float(v) for code, v in sorted(parts.items())},
        source_document=_("mean of its parts"),
        by=by,
    )


# --- Computed indicators ------------------------------------------------------------------------


@transaction.atomic
def indicators_recompute(*, year: int, by=None, today: datetime.date | None = None) -> dict[str, int]:
    """Recompute every computed indicator of ``year`` from registration records — three SQL
    aggregates, then one bulk upsert (INSERT … ON CONFLICT) of the values that changed — and raise
    the outflow alerts that became due."""
    today = today or timezone.localdate()
    districts = dict(astana_districts().values_list("id", "kato"))
    district_by_kato = {kato: pk for pk, kato in districts.items()}
    cells = aggregates.computed_cells(year, districts, today=today)
    indicators = dict(Indicator.objects.filter(code__in=catalogue.COMPUTED_CODES).values_list("code", "id"))
    if len(indicators) < len(catalogue.COMPUTED_CODES):
        # The migration loads the catalogue; a flushed database gets it back here.
        catalogue.catalogue_sync(Indicator)
        indicators = dict(Indicator.objects.filter(code__in=catalogue.COMPUTED_CODES).values_list("code", "id"))
    # Rows whose figures did not change are left alone: a nightly recompute rewrites only what moved.
    stored = {
        (indicator_id, period, area): (value, breakdown)
        for indicator_id, period, area, value, breakdown in IndicatorValue.objects.filter(
            indicator_id__in=indicators.values(), period__in=[str(p) for p in year_periods(year)]
        ).values_list("indicator_id", "period", "area", "value", "breakdown")
    }
    now = timezone.now()
    rows = []
    for (code, period_text, area), cell in cells.items():
        if stored.get((indicators[code], period_text, area)) == (cell["value"], cell["breakdown"]):
            continue
        period = Period.parse(period_text)
        rows.append(
            IndicatorValue(
                indicator_id=indicators[code],
                period=period_text,
                period_kind=period.kind,
                period_start=period.start,
                district_id=district_by_kato.get(area),
                area=area,
                value=cell["value"],
                breakdown=cell["breakdown"],
                updated_at=now,
            )
        )
    IndicatorValue.objects.bulk_create(
        rows,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["indicator", "period", "area"],
        update_fields=["value", "breakdown", "updated_at", "period_kind", "period_start", "district"],
    )
    audit_record(
        by=by,
        action="update",
        changes={"year": [None, year], "values": [None, len(cells)], "changed": [None, len(rows)]},
        note=f"monitoring: computed indicators recomputed for {year}",
    )
    raised = outflow_alerts_raise(periods=year_periods(year), by=by)
    return {"values": len(cells), "changed": len(rows), "alerts": len(raised)}


@transaction.atomic
def indicators_recompute_request(*, year: int, by) -> RecomputeRequest:
    """Ask a worker to recompute ``year`` now (the admin's button); audited, enqueued after commit.
    The request row is the job's outbox: if the broker is unreachable, the sweep enqueues it later."""
    request = RecomputeRequest.objects.create(year=year, requested_by=actor_user(by), enqueued_at=timezone.now())
    audit_record(by=by, action="update", changes={"year": [None, year]}, note="monitoring: recompute requested")
    recompute_enqueue_on_commit(request_id=request.pk)
    return request


def recompute_request_run(*, request_id: int) -> dict | None:
    """Run a requested recompute once: claim the row (one conditional UPDATE; a row left started
    longer than the task time limit lost its worker and may be claimed again), recompute the year's
    indicators and its forecasts, mark the row finished. None when it was not waiting."""
    now = timezone.now()
    claimed = (
        RecomputeRequest.objects.filter(pk=request_id, finished_at__isnull=True)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - stale_after()))
        .update(started_at=now, error="")
    )
    if not claimed:
        return None
    year = RecomputeRequest.objects.values_list("year", flat=True).get(pk=request_id)
    try:
        result = indicators_recompute(year=year)
        result["forecasts"] = forecasts_compute(base_year=year)
    except (OperationalError, InterfaceError):
        # Transient: give the request back so the task's retry (or the sweep) claims it again.
        RecomputeRequest.objects.filter(pk=request_id).update(started_at=None)
        raise
    except Exception as exc:
        log.exception("monitoring recompute request %s failed", request_id)
        RecomputeRequest.objects.filter(pk=request_id).update(
            finished_at=timezone.now(), error=str(exc)[:2000] or exc.__class__.__name__
        )
        return None
    RecomputeRequest.objects.filter(pk=request_id).update(finished_at=timezone.now())
    return result


# --- Forecast (rules p.8): monitoring/services/forecasts.py -------------------------------------
