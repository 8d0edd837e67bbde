"""Outflow alerts and their measure plans (rules p.6)."""

from django.conf import settings
from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from monitoring import catalogue
from monitoring.errors import MonitoringError
from monitoring.models import IndicatorValue, Measure, MeasurePlan, OutflowAlert
from monitoring.periods import Period
from monitoring.services.common import as_period
from monitoring.services.outbox import alert_notify_enqueue_on_commit

# --- Outflow alerts and measure plans (rules p.6) --------------------------------------------------


@transaction.atomic
def outflow_alerts_raise(*, periods, by=None) -> list[OutflowAlert]:
    """Raise an alert, once, for every period and territory whose population outflow exceeds its
    natural increase; each new alert opens a measure plan and notifies staff and the head.

    Where natural increase has not been entered there is nothing to compare, and no alert.
    """
    names = [str(as_period(p)) for p in periods]
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
                "notify_enqueued_at": timezone.now(),
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
        alert_notify_enqueue_on_commit(alert_id=alert.pk)
        raised.append(alert)
    return raised


def outflow_alert_notify_once(*, alert_id: int) -> int:
    """E-mail staff and the head about an alert, once: the alert row is locked while the mail
    goes out and marked notified in the same transaction, so two workers never both send it and
    a failed send leaves it waiting (the task retries, then the sweep). Returns the recipients."""
    from monitoring.notifications import outflow_alert_notify

    with transaction.atomic():
        alert = (
            OutflowAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("district")
            .filter(pk=alert_id, notified_at__isnull=True)
            .first()
        )
        if alert is None:
            return 0  # gone, already notified, or being notified by another worker
        sent = outflow_alert_notify(alert=alert)
        OutflowAlert.objects.filter(pk=alert.pk).update(notified_at=timezone.now())
    return sent


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
