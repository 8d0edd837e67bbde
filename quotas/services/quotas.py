"""Writes of quotas (rules p.2.4, p.2.6, p.4): creating, updating and closing a quota, and changing
its limits — only through ``quota_limit_change``, which leaves a ``QuotaLimitChange`` row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.accounts.actors import actor
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from quotas.models import Quota, QuotaLimitChange


class _Unchanged:
    def __repr__(self):
        return "UNCHANGED"


UNCHANGED = _Unchanged()

QUOTA_FIELDS = ["kind", "region", "district", "period_start", "period_end", "status", "notes"]
QUOTA_IDENTITY_FIELDS = ["kind", "region", "district", "period_start", "period_end"]


@transaction.atomic
def quota_create(
    *,
    kind: str,
    region,
    period_start: int,
    period_end: int | None = None,
    limit_persons: int,
    limit_families: int | None = None,
    limit_compatriots: int | None = None,
    district=None,
    status: str = Quota.Status.OPEN,
    notes: str = "",
    document: str = "",
    by,
) -> Quota:
    """A new quota. Its initial limits are the first row of its limit history."""
    _check_limits(limit_persons=limit_persons, limit_families=limit_families, limit_compatriots=limit_compatriots)
    quota = Quota(
        kind=kind,
        region=region,
        district=district,
        period_start=period_start,
        period_end=period_start if period_end is None else period_end,
        limit_persons=limit_persons,
        limit_families=limit_families,
        limit_compatriots=limit_compatriots,
        status=status,
        notes=notes,
    )
    quota.full_clean()
    quota.save()
    user, label = actor(by)
    QuotaLimitChange.objects.create(
        quota=quota,
        limit_persons_after=quota.limit_persons,
        limit_families_after=quota.limit_families,
        limit_compatriots_after=quota.limit_compatriots,
        origin=QuotaLimitChange.Origin.CREATED,  # worded in the reader's language when shown
        document=document,
        by=user,
        by_label=label,
    )
    audit_record(by=by, action="create", target=quota, changes=audit_diff({}, audit_snapshot(quota)))
    return quota


@transaction.atomic
def quota_update(*, quota: Quota, by, **changes) -> Quota:
    """Change a quota's kind, territory, period (only while nothing is admitted), status or notes.

    Limits are not changed here: see ``quota_limit_change``.
    """
    unknown = set(changes) - set(QUOTA_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields are not changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    quota = Quota.objects.select_for_update().get(pk=quota.pk)
    before = audit_snapshot(quota)
    for name, value in changes.items():
        setattr(quota, name, value)
    after = audit_snapshot(quota)
    diff = audit_diff(before, after)
    if not diff:
        return quota
    identity = {f"{name}_id" if name in ("region", "district") else name for name in QUOTA_IDENTITY_FIELDS}
    if identity & diff.keys() and quota.admissions.exists():
        raise ValidationError(
            _("Families are already admitted against this quota: its kind, territory and period stay as they are.")
        )
    quota.full_clean()
    quota.save()
    audit_record(by=by, action="update", target=quota, changes=diff)
    return quota


def _is_limit(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_limits(**limits) -> None:
    """Every limit is a whole number ≥ 0; ``limit_persons`` is required, the others may be None.

    Checked before the model's own validation, which would quietly turn 2.5 into 2.
    """
    errors = {}
    for field, value in limits.items():
        if value is None and field != "limit_persons":
            continue
        if value is None:
            errors[field] = _("Enter the limit in persons.")
        elif not _is_limit(value):
            errors[field] = _("Enter a whole number of 0 or more.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def quota_limit_change(
    *,
    quota: Quota,
    limit_persons: int,
    limit_families=UNCHANGED,
    limit_compatriots=UNCHANGED,
    reason: str = "",
    document: str = "",
    by,
    origin: str = QuotaLimitChange.Origin.TYPED,
) -> QuotaLimitChange:
    """Set a quota's limits and record the change (with its reason and document) in the quota's
    history and the audit trail. A limit below what is already used is refused.

    ``limit_families`` / ``limit_compatriots`` stay as they are unless given (None clears them).
    Returns the ``QuotaLimitChange`` row (proposals link to it).
    """
    _check_limits(
        limit_persons=limit_persons,
        **({} if limit_families is UNCHANGED else {"limit_families": limit_families}),
        **({} if limit_compatriots is UNCHANGED else {"limit_compatriots": limit_compatriots}),
    )
    if origin == QuotaLimitChange.Origin.TYPED and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the limit changes.")})
    # The row lock makes admissions wait while the new limit is checked against what is used.
    quota = Quota.objects.select_for_update().get(pk=quota.pk)
    before = audit_snapshot(quota, ["limit_persons", "limit_families", "limit_compatriots"])
    families = quota.limit_families if limit_families is UNCHANGED else limit_families
    compatriots = quota.limit_compatriots if limit_compatriots is UNCHANGED else limit_compatriots
    errors = {}
    if limit_persons < quota.used_persons:
        errors["limit_persons"] = ngettext(
            "%(used)d person is already admitted: the limit cannot go below that.",
            "%(used)d persons are already admitted: the limit cannot go below that.",
            quota.used_persons,
        ) % {"used": quota.used_persons}
    if families is not None and families < quota.used_families:
        errors["limit_families"] = ngettext(
            "%(used)d family is already admitted: the limit cannot go below that.",
            "%(used)d families are already admitted: the limit cannot go below that.",
            quota.used_families,
        ) % {"used": quota.used_families}
    if errors:
        raise ValidationError(errors)
    quota.limit_persons, quota.limit_families, quota.limit_compatriots = limit_persons, families, compatriots
    quota.full_clean()
    after = audit_snapshot(quota, ["limit_persons", "limit_families", "limit_compatriots"])
    Quota.objects.filter(pk=quota.pk).update(
        limit_persons=limit_persons, limit_families=families, limit_compatriots=compatriots, updated_at=timezone.now()
    )
    user, label = actor(by)
    change = QuotaLimitChange.objects.create(
        quota=quota,
        limit_persons_before=before["limit_persons"],
        limit_persons_after=limit_persons,
        limit_families_before=before["limit_families"],
        limit_families_after=families,
        limit_compatriots_before=before["limit_compatriots"],
        limit_compatriots_after=compatriots,
        origin=origin,
        reason=(reason or "").strip() if origin == QuotaLimitChange.Origin.TYPED else "",
        document=document,
        by=user,
        by_label=label,
    )
    audit_record(
        by=by,
        action="update",
        target=quota,
        changes=audit_diff(before, after),
        note=f"{reason.strip()} {document}".strip(),
    )
    return change


def quota_limit_adjust(*, quota_id: int, delta: int, origin: str, document: str = "", by) -> QuotaLimitChange:
    """Raise (``delta`` > 0) or lower a quota's persons limit by ``delta`` from its current figure,
    read under the quota's row lock (an accepted proposal changes the limit this way)."""
    quota = Quota.objects.select_for_update().get(pk=quota_id)
    return quota_limit_change(
        quota=quota, limit_persons=quota.limit_persons + delta, origin=origin, document=document, by=by
    )
