"""The fill report's job (issue 15): ordered by staff, the head or an analyst, built once by a Celery
worker, swept when the queue was down, downloaded with an audit entry. The row is the outbox."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_record
from kernel.jobs import enqueue_on_commit
from quotas.fill_report import fill_report_data, period_bounds
from quotas.fill_report_files import fill_report_pdf, fill_report_xlsx
from quotas.models import FillReport

log = logging.getLogger(__name__)

WRITERS = {"xlsx": fill_report_xlsx, "pdf": fill_report_pdf}
REENQUEUE_AFTER = datetime.timedelta(minutes=10)


def _enqueue_on_commit(report: FillReport) -> None:
    from quotas.tasks import build_fill_report

    def refused():
        FillReport.objects.filter(pk=report.pk).update(enqueued_at=None)

    enqueue_on_commit(build_fill_report, report.pk, on_refused=refused)


def fill_report_validate(*, year: int, period_kind: str, number: int, today=None) -> None:
    """A report is of a month or a quarter that has begun; a field error otherwise."""
    if (period_kind == FillReport.PeriodKind.QUARTER and not 1 <= number <= 4) or not 1 <= number <= 12:
        raise ValidationError({"number": _("A quarter is numbered 1 to 4, a month 1 to 12.")})
    start, _end = period_bounds(year, period_kind, number)
    if start > (today or timezone.localdate()):
        raise ValidationError({"number": _("The period has not begun yet: there is nothing to report.")})


@transaction.atomic
def fill_report_request(
    *, by, year: int, period_kind: str, number: int, kind: str = "", format: str, language: str, today=None
) -> FillReport:
    """Order a fill report; refused with a field error for a period that has not begun."""
    report = FillReport(year=year, period_kind=period_kind, number=number, kind=kind, format=format, language=language)
    report.full_clean(exclude=["requested_by", "content"])
    fill_report_validate(year=year, period_kind=period_kind, number=number, today=today)
    report.requested_by = actor_user(by)
    report.enqueued_at = timezone.now()
    report.save()
    audit_record(by=by, action="create", target=report, note=f"{year} {period_kind} {number} {format} {language}")
    _enqueue_on_commit(report)
    return report


def fill_report_build(*, report_id: int, today=None) -> FillReport | None:
    """Build a waiting report once: claimed by one conditional UPDATE (a second worker gets None)."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = (
        FillReport.objects.filter(pk=report_id)
        .filter(Q(status=FillReport.Status.PENDING) | Q(status=FillReport.Status.RUNNING, started_at__lt=stale))
        .update(status=FillReport.Status.RUNNING, started_at=now, error="")
    )
    if not claimed:
        return None
    report = FillReport.objects.get(pk=report_id)
    try:
        with translation.override(report.language):
            data = fill_report_data(
                year=report.year,
                period_kind=report.period_kind,
                number=report.number,
                kind=report.kind,
                today=today or timezone.localdate(),
            )
            content = WRITERS[report.format](data)
    except Exception as exc:
        log.exception("fill report %s failed", report_id)
        FillReport.objects.filter(pk=report_id).update(
            status=FillReport.Status.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        return FillReport.objects.get(pk=report_id)
    FillReport.objects.filter(pk=report_id).update(
        status=FillReport.Status.READY, content=content, finished_at=timezone.now()
    )
    return FillReport.objects.get(pk=report_id)


def fill_report_sweep(*, now=None) -> int:
    """Enqueue again the reports still waiting whose job never came (the queue was down)."""
    now = now or timezone.now()
    waiting = FillReport.objects.filter(status=FillReport.Status.PENDING).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER)
    )
    count = 0
    for report in waiting:
        FillReport.objects.filter(pk=report.pk).update(enqueued_at=now)
        _enqueue_on_commit(report)
        count += 1
    return count


@transaction.atomic
def fill_report_download_record(*, report: FillReport, by) -> None:
    audit_record(by=by, action="export", target=report, note="downloaded")
