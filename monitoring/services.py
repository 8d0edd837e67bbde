"""Every write of the monitoring app: entered values, the recompute, outflow alerts and their measure
plans (rules p.6), forecasts (p.8) and analysts' reports.

Each service is atomic, keyword-only, takes ``by=`` (a user, or None for the system) and writes its
audit entry inside its transaction; Celery work and e-mail are enqueued only after commit.
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from astana_migration.audit.services import audit_diff, audit_record, audit_snapshot
from astana_migration.territory.models import District
from astana_migration.territory.selectors import astana_districts
from monitoring import aggregates, catalogue, forecast
from monitoring.models import (
    CITY,
    Forecast,
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePlan,
    OutflowAlert,
    Report,
    area_of,
)
from monitoring.periods import Period, PeriodError, year_periods
from monitoring.tasks import build_report, notify_outflow_alert, recompute_indicators

log = logging.getLogger(__name__)


class MonitoringError(Exception):
    """A request the monitoring rules refuse; the message is for the user."""


def _period(text) -> Period:
    try:
        return text if isinstance(text, Period) else Period.parse(text)
    except PeriodError as exc:
        raise MonitoringError(str(exc)) from exc


def _astana_district(district) -> District | None:
    """A district of Astana from a District, a KATO code, or None/the city's code for the whole city."""
    if district is None or district == CITY:
        return None
    kato = district if isinstance(district, str) else district.kato
    found = astana_districts().filter(kato=kato).first()
    if found is None:
        raise MonitoringError(_("%(kato)s is not a district of Astana.") % {"kato": kato})
    return found


# --- Values entered from statistics ---------------------------------------------------------------


def indicator_value_check(*, indicator: Indicator, period) -> Period:
    """The period, if a value of ``indicator`` may be entered for it (forms call this to validate)."""
    period = _period(period)
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
    district = _astana_district(district)
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
    if indicator.parent_id:
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
    row.entered_by = by if getattr(by, "pk", None) else None
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
    mean = sum(parts.values()) / len(parts)
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


# --- Outflow alerts and measure plans (rules p.6) --------------------------------------------------


@transaction.atomic
def outflow_alerts_raise(*, periods, by=None) -> list[OutflowAlert]:
    """Raise an alert, once, for every period and territory whose population outflow exceeds its
    natural increase; each new alert opens a measure plan and notifies staff and the head.

    Where natural increase has not been entered there is nothing to compare, and no alert.
    """
    names = [str(_period(p)) for p in periods]
    natural = IndicatorValue.objects.filter(
        indicator__code=catalogue.NATURAL_INCREASE, period=OuterRef("period"), area=OuterRef("area")
    ).values("value")[:1]
    due = (
        IndicatorValue.objects.filter(indicator__code=catalogue.POPULATION_OUTFLOW, period__in=names)
        .annotate(natural=Subquery(natural, output_field=DecimalField(max_digits=16, decimal_places=2)))
        .filter(natural__isnull=False, value__gt=F("natural"))
        .exclude(Exists(OutflowAlert.objects.filter(period=OuterRef("period"), area=OuterRef("area"))))
    )
    raised = []
    for outflow in due:
        alert, created = OutflowAlert.objects.get_or_create(
            period=outflow.period,
            area=outflow.area,
            defaults={
                "period_start": outflow.period_start,
                "district_id": outflow.district_id,
                "outflow": outflow.value,
                "natural_increase": outflow.natural,
                "emigration": outflow.breakdown.get(catalogue.EMIGRATION, 0),
                "internal_outflow": outflow.breakdown.get(catalogue.INTERNAL_OUTFLOW, 0),
            },
        )
        if not created:
            continue  # another worker raised it a moment ago
        audit_record(
            by=by,
            action="create",
            target=alert,
            changes={"outflow": [None, str(alert.outflow)], "natural_increase": [None, str(alert.natural_increase)]},
        )
        _measure_plan_open(alert=alert, by=by)
        notify_outflow_alert.delay_on_commit(alert.pk)
        raised.append(alert)
    return raised


# Owners of the standard measures: the Department's own services (staff change them per plan).
_STANDARD_MEASURES = [
    (
        Measure.Kind.ATTRACT_LABOUR,
        gettext_noop(
            "Attract qualified labour: vacancies on the Electronic Labour Exchange and a proposal on the "
            "foreign labour quota"
        ),
        gettext_noop("Department of Employment and Social Protection of Astana"),
    ),
    (
        Measure.Kind.SOCIAL_ADAPTATION,
        gettext_noop("Prompt social adaptation of the labour attracted: housing, language courses, social services"),
        gettext_noop("Centre for the adaptation and integration of kandases"),
    ),
    (
        Measure.Kind.KANDAS_TRAINING,
        gettext_noop("Vocational training and retraining of kandases for the vacancies in demand"),
        gettext_noop("Career centre of Astana"),
    ),
    (
        Measure.Kind.YOUTH_FIRST,
        gettext_noop("Places in training and retraining given first to young kandases"),
        gettext_noop("Career centre of Astana"),
    ),
]


def _measure_plan_open(*, alert: OutflowAlert, by) -> MeasurePlan:
    plan = MeasurePlan.objects.create(alert=alert)
    starts = timezone.localdate()
    due = Period(starts.year).end if starts.month < 10 else Period(starts.year + 1).end
    # Titles are written in the portal's language (Kazakh by default), as staff will edit them.
    with translation.override(settings.LANGUAGE_CODE):
        measures = [
            Measure(plan=plan, kind=kind, title=_(title), owner=_(owner), starts_on=starts, due_on=due)
            for kind, title, owner in _STANDARD_MEASURES
        ]
    Measure.objects.bulk_create(measures)
    audit_record(by=by, action="create", target=plan, changes={"measures": [None, len(measures)]})
    return plan


_MEASURE_FIELDS = ["kind", "title", "owner", "starts_on", "due_on", "status", "note"]


@transaction.atomic
def measure_save(*, measure: Measure, by) -> Measure:
    """Create or change one measure of a plan (owner, dates, status …)."""
    if measure.due_on and measure.starts_on and measure.due_on < measure.starts_on:
        raise MonitoringError(_("A measure cannot be due before it starts."))
    plan = MeasurePlan.objects.select_for_update().get(pk=measure.plan_id)
    if plan.status == MeasurePlan.Status.COMPLETED:
        raise MonitoringError(_("The plan is completed: its measures can no longer be changed."))
    before = audit_snapshot(Measure.objects.get(pk=measure.pk), _MEASURE_FIELDS) if measure.pk else {}
    created = measure.pk is None
    measure.save()
    audit_record(
        by=by,
        action="create" if created else "update",
        target=measure,
        changes=audit_diff(before, audit_snapshot(measure, _MEASURE_FIELDS)),
    )
    return measure


@transaction.atomic
def measure_plan_note(*, plan: MeasurePlan, note: str, by) -> MeasurePlan:
    before = MeasurePlan.objects.select_for_update().values_list("note", flat=True).get(pk=plan.pk)
    if before != note:
        MeasurePlan.objects.filter(pk=plan.pk).update(note=note)
        audit_record(by=by, action="update", target=plan, changes={"note": [before, note]})
    return plan


@transaction.atomic
def measure_plan_complete(*, plan: MeasurePlan, by) -> MeasurePlan:
    """Complete a plan whose measures are all done or cancelled; its alert is closed."""
    plan = MeasurePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == MeasurePlan.Status.COMPLETED:
        return plan
    if plan.measures.exclude(status__in=[Measure.Status.DONE, Measure.Status.CANCELLED]).exists():
        raise MonitoringError(_("Every measure must be done or cancelled before the plan is completed."))
    now = timezone.now()
    plan.status, plan.completed_at = MeasurePlan.Status.COMPLETED, now
    plan.save(update_fields=["status", "completed_at"])
    OutflowAlert.objects.filter(pk=plan.alert_id).update(status=OutflowAlert.Status.CLOSED, closed_at=now)
    audit_record(by=by, action="transition", target=plan, changes={"status": ["open", "completed"]})
    return plan


# --- Forecast (rules p.8) ------------------------------------------------------------------------


@transaction.atomic
def forecasts_compute(*, base_year: int, by=None, today: datetime.date | None = None) -> int:
    """Places needed in schools, kindergartens and clinics for the years after ``base_year``, per
    district and for the whole city (method in ``monitoring.forecast``)."""
    today = today or timezone.localdate()
    day = forecast.base_date(base_year, today)
    districts = list(astana_districts())
    structure = forecast.age_structure(day)
    rates = _net_migration_rates(day)
    now = timezone.now()
    rows = []
    city = {}
    for district in districts:
        cohorts = structure.get(district.id, {})
        for born, n in cohorts.items():
            city[born] = city.get(born, 0) + n
        rows += _forecast_rows(cohorts, base_year, rates.get(district.kato, Decimal(0)), district, now)
    rows += _forecast_rows(city, base_year, rates.get(CITY, Decimal(0)), None, now)
    Forecast.objects.filter(base_year=base_year).delete()
    Forecast.objects.bulk_create(rows)
    audit_record(by=by, action="update", changes={"base_year": [None, base_year], "forecasts": [None, len(rows)]})
    return len(rows)


def _forecast_rows(cohorts, base_year, rate, district, now) -> list[Forecast]:
    return [
        Forecast(
            base_year=base_year,
            target_year=need.target_year,
            district=district,
            area=area_of(district),
            facility=need.facility,
            population=need.population,
            places=need.places,
            migration_rate=rate.quantize(Decimal("0.00001")),
            computed_at=now,
        )
        for need in forecast.project(cohorts, base_year=base_year, rate=rate)
    ]


def _net_migration_rates(day: datetime.date) -> dict[str, Decimal]:
    """Mean yearly net migration / registered population over the last complete years, per area."""
    last_complete = day.year if day == datetime.date(day.year, 12, 31) else day.year - 1
    years = [str(y) for y in range(last_complete - forecast.RATE_YEARS + 1, last_complete + 1)]
    values = IndicatorValue.objects.filter(
        indicator__code__in=[catalogue.NET_MIGRATION, catalogue.REGISTERED_POPULATION], period__in=years
    ).values_list("indicator__code", "period", "area", "value")
    table = {(code, period, area): value for code, period, area, value in values}
    rates: dict[str, list[Decimal]] = {}
    for (code, period, area), net in table.items():
        population = table.get((catalogue.REGISTERED_POPULATION, period, area))
        if code == catalogue.NET_MIGRATION and population:
            rates.setdefault(area, []).append(net / population)
    return {area: sum(r) / len(r) for area, r in rates.items()}


# --- Reports --------------------------------------------------------------------------------------


@transaction.atomic
def report_request(*, by, periods, districts, indicators, format: str, language: str | None = None) -> Report:
    """Ask for a report; a Celery job builds it once this transaction commits."""
    if format not in Report.Format.values:
        raise MonitoringError(_("Unknown report format."))
    names = [str(p) for p in sorted({_period(p) for p in periods}, key=Period.sort_key)]
    areas = []
    for d in districts:
        district = _astana_district(d)
        areas.append(area_of(district))
    codes = list(Indicator.objects.filter(code__in=indicators).values_list("code", flat=True))
    unknown = set(indicators) - set(codes)
    if unknown:
        raise MonitoringError(_("Unknown indicators: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    if not (names and areas and codes):
        raise MonitoringError(_("Choose at least one period, one territory and one indicator."))
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    report = Report.objects.create(
        requested_by=by if getattr(by, "pk", None) else None,
        parameters={"periods": names, "districts": list(dict.fromkeys(areas)), "indicators": codes},
        format=format,
        language=language[:2],
    )
    audit_record(by=by, action="create", target=report, changes={"parameters": [None, report.parameters]})
    build_report.delay_on_commit(report.pk)
    return report


@transaction.atomic
def indicators_recompute_request(*, year: int, by) -> None:
    """Ask a worker to recompute ``year`` now (the admin's button); audited, enqueued after commit."""
    audit_record(by=by, action="update", changes={"year": [None, year]}, note="monitoring: recompute requested")
    recompute_indicators.delay_on_commit(year)


@transaction.atomic
def report_download_record(*, report: Report, by) -> None:
    """Note in the audit trail who took a report's file."""
    audit_record(by=by, action="export", target=report, note="downloaded")


def report_claim(*, report_id: int) -> Report | None:
    """Claim a waiting report for building (one conditional UPDATE); None when it is not waiting.

    A report left "being built" longer than the task time limit (its worker died) may be claimed again.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        Report.objects.filter(pk=report_id)
        .filter(Q(status=Report.Status.PENDING) | Q(status=Report.Status.RUNNING, started_at__lt=stale))
        .update(status=Report.Status.RUNNING, started_at=now, progress=0, error="")
    )
    return Report.objects.get(pk=report_id) if claimed else None


def report_progress(*, report_id: int, percent: int) -> None:
    # Outside any transaction, so the admin sees it while the job runs.
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(progress=max(0, min(100, percent)))


def report_build(*, report_id: int) -> Report | None:
    """Build a claimed report's file in its requester's language. Errors mark it failed."""
    from monitoring.reports import build

    report = report_claim(report_id=report_id)
    if report is None:
        return None
    try:
        with translation.override(report.language):
            filename, content = build(report, progress=lambda p: report_progress(report_id=report_id, percent=p))
    except (OperationalError, InterfaceError):
        # Transient: give the report back so the task's retry claims it again.
        Report.objects.filter(pk=report_id).update(status=Report.Status.PENDING, progress=0)
        raise
    except Exception as exc:
        log.exception("monitoring report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=str(exc)[:2000] or exc.__class__.__name__, finished_at=timezone.now()
        )
        return None
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        report.file.save(filename, ContentFile(content), save=False)
        report.status, report.progress, report.finished_at = Report.Status.READY, 100, timezone.now()
        report.save(update_fields=["file", "status", "progress", "finished_at"])
        audit_record(
            by=report.requested_by, action="export", target=report, note=f"{report.format}, {len(content)} bytes"
        )
    return report
