"""Analysts' reports: requested, claimed once, built in the requester's language, downloaded."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_record
from monitoring.errors import MonitoringError
from monitoring.models import Indicator, Report, area_of
from monitoring.periods import Period
from monitoring.services.common import as_astana_district, as_period
from monitoring.services.outbox import report_enqueue_on_commit

log = logging.getLogger(__name__)

# --- Reports --------------------------------------------------------------------------------------


@transaction.atomic
def report_request(*, by, periods, districts, indicators, format: str, language: str | None = None) -> Report:
    """Ask for a report; a Celery job builds it once this transaction commits (the report row is
    its outbox: if the broker is unreachable, the sweep enqueues it later)."""
    if format not in Report.Format.values:
        raise MonitoringError(_("Unknown report format."))
    names = [str(p) for p in sorted({as_period(p) for p in periods}, key=Period.sort_key)]
    areas = []
    for d in districts:
        district = as_astana_district(d)
        areas.append(area_of(district))
    codes = list(Indicator.objects.filter(code__in=indicators).values_list("code", flat=True))
    unknown = set(indicators) - set(codes)
    if unknown:
        raise MonitoringError(_("Unknown indicators: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    if not (names and areas and codes):
        raise MonitoringError(_("Choose at least one period, one territory and one indicator."))
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    report = Report.objects.create(
        requested_by=actor_user(by),
        parameters={"periods": names, "districts": list(dict.fromkeys(areas)), "indicators": codes},
        format=format,
        language=language[:2],
        enqueued_at=timezone.now(),
    )
    audit_record(by=by, action="create", target=report, changes={"parameters": [None, report.parameters]})
    report_enqueue_on_commit(report_id=report.pk)
    return report


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
