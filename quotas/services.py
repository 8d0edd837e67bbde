"""Every write to quotas and admissions (rules p.2.4, p.2.6, p.4).

The counters of a quota move only by one conditional UPDATE each (``used + n <= limit`` in the
WHERE clause), so two admissions racing for the last places cannot both win; the CHECK
constraints on ``Quota`` back this up on any other path. Limits change only through
``quota_limit_change``, which leaves a ``QuotaLimitChange`` row. Each function writes its audit
entry inside its transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.accounts.actors import actor
from kernel.audit.services import audit_diff, audit_record, audit_snapshot
from quotas.models import Admission, AdmissionMember, AdmittedPerson, Quota, QuotaLimitChange


class QuotaConflict(Exception):
    """The request is well-formed but the quota's state refuses it (HTTP 409)."""

    code = "quota_conflict"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QuotaExhausted(QuotaConflict):
    """The family does not fit into what is left of the quota."""

    code = "quota_exhausted"


class QuotaClosed(QuotaConflict):
    """The quota is closed, or is not one that families are admitted against."""

    code = "quota_closed"


class _Unchanged:
    def __repr__(self):
        return "UNCHANGED"


UNCHANGED = _Unchanged()

QUOTA_FIELDS = ["kind", "region", "district", "period_start", "period_end", "status", "notes"]
# Once families are admitted, the quota they were admitted against keeps its identity.
QUOTA_IDENTITY_FIELDS = ["kind", "region", "district", "period_start", "period_end"]
PERSON_FIELDS = ["iin", "surname", "name", "patronymic", "birth_date"]
MEMBER_FIELDS = [*PERSON_FIELDS, "relation"]


# --- Quotas ------------------------------------------------------------------------------------


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


# --- Admissions --------------------------------------------------------------------------------


def _validate_family(*, quota: Quota, admission: Admission, members: list[AdmissionMember]) -> None:
    """Field errors of a family before it is admitted; raises ValidationError, saves nothing."""
    today = timezone.localdate()
    problems = [
        *_field_problems(admission, members),
        *_future_birth_problems(admission, members, today),
        *_listed_once_problems(admission, members),
        # Nobody is admitted twice while the first admission stands. This read gives the early,
        # precise answer; under concurrency the unique AdmittedPerson row decides (admission_create).
        *_already_admitted([admission.head_iin, *(member.iin for member in members)]),
        *_settlement_problems(quota, admission),
        *_admission_date_problems(quota, admission, today),
    ]
    errors: dict[str, list[str]] = {}
    for field, message in problems:
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _field_problems(admission: Admission, members: list[AdmissionMember]) -> list[tuple[str, str]]:
    """Each field of the head's row and of every member's, as the models check them."""
    problems = []
    try:
        admission.full_clean(exclude=["quota", "persons"])
    except ValidationError as exc:
        problems += [(field, message) for field, messages in exc.message_dict.items() for message in messages]
    for index, member in enumerate(members, start=1):
        try:
            member.full_clean(exclude=["admission"], validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = (
                    getattr(AdmissionMember._meta.get_field(field), "verbose_name", field) if field != "__all__" else ""
                )
                problems += [
                    (
                        "members",
                        _("Member %(n)d, %(field)s: %(message)s") % {"n": index, "field": label, "message": message},
                    )
                    for message in messages
                ]
    return problems


def _future_birth_problems(admission, members, today: datetime.date) -> list[tuple[str, str]]:
    problems = []
    if isinstance(admission.head_birth_date, datetime.date) and admission.head_birth_date > today:
        problems.append(("head_birth_date", _("A birth date cannot be in the future.")))
    for index, member in enumerate(members, start=1):
        if isinstance(member.birth_date, datetime.date) and member.birth_date > today:
            problems.append(("members", _("Member %(n)d: a birth date cannot be in the future.") % {"n": index}))
    return problems


def _listed_once_problems(admission, members) -> list[tuple[str, str]]:
    """Each person once in the family: the head, then every member."""
    problems = []
    seen = {admission.head_iin: _("the head of family")}
    for index, member in enumerate(members, start=1):
        if not member.iin:
            continue
        if member.iin in seen:
            problems.append(
                (
                    "members",
                    _("Member %(n)d has the same IIN as %(other)s: a person is listed once.")
                    % {"n": index, "other": seen[member.iin]},
                )
            )
        else:
            seen[member.iin] = _("member %(n)d") % {"n": index}
    return problems


def _settlement_problems(quota: Quota, admission: Admission) -> list[tuple[str, str]]:
    """The settlement lies in the quota's territory and is still offered."""
    settlement = admission.settlement if admission.settlement_id else None
    if settlement is None:
        return []
    outside = settlement.region_id != quota.region_id
    if outside or (quota.district_id and settlement.district_id != quota.district_id):
        message = _("The settlement is not in the quota's territory (%(territory)s).")
        return [("settlement", message % {"territory": quota.territory_name})]
    if not settlement.is_active:
        return [("settlement", _("The settlement is no longer offered for resettlement."))]
    return []


def _admission_date_problems(quota: Quota, admission: Admission, today: datetime.date) -> list[tuple[str, str]]:
    """Not in the future, and within the quota's period."""
    if not isinstance(admission.admitted_on, datetime.date):
        return []
    if admission.admitted_on > today:
        return [("admitted_on", _("The admission date cannot be in the future."))]
    if not quota.period_start <= admission.admitted_on.year <= quota.period_end:
        message = _("The date is outside the quota's period (%(period)s).")
        return [("admitted_on", message % {"period": quota.period_label})]
    return []


def _already_admitted(family: list[str]) -> list[tuple[str, str]]:
    """(field, message) for each person of ``family`` (IINs: the head's, then the members' in
    order) who holds a standing admission; the message names the person's place in the family
    and the admission, never the IIN."""
    held = dict(
        AdmittedPerson.objects.filter(iin__in=[iin for iin in family if iin]).values_list("iin", "admission_id")
    )
    found = []
    for index, iin in enumerate(family):
        if iin not in held:
            continue
        if index == 0:
            found.append(
                (
                    "head_iin",
                    _("The head of family already holds a standing admission (No. %(id)d).") % {"id": held[iin]},
                )
            )
        else:
            found.append(
                (
                    "members",
                    _("Member %(n)d already holds a standing admission (No. %(id)d).") % {"n": index, "id": held[iin]},
                )
            )
    return found


def _hold_family(admission: Admission, members: list[AdmissionMember]) -> None:
    """Write the family's AdmittedPerson rows; the unique IIN refuses a person admitted meanwhile.

    The rows go in IIN order, so two families sharing people lock them in one order (no deadlock).
    On a conflict the savepoint is rolled back and the people are named as field errors; the
    caller's transaction then rolls back the rest (quota counters, admission, members).
    """
    family = [admission.head_iin, *(member.iin for member in members)]
    try:
        with transaction.atomic():
            AdmittedPerson.objects.bulk_create(
                [AdmittedPerson(admission=admission, iin=iin) for iin in sorted(set(family))]
            )
    except IntegrityError:
        # The database's message holds the IIN: it is dropped here, never logged or chained.
        conflicts = _already_admitted(family) or [("__all__", _("A person of this family is already admitted."))]
        errors: dict[str, list[str]] = {}
        for field, message in conflicts:
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors) from None


def _quota_refusal(quota: Quota, persons: int) -> QuotaConflict:
    """Why the conditional UPDATE matched no row, read back for the message only."""
    quota.refresh_from_db(fields=["status", "limit_persons", "limit_families", "used_persons", "used_families"])
    if quota.status != Quota.Status.OPEN:
        return QuotaClosed(_("The quota is closed: no more families are admitted against it."))
    if quota.limit_families is not None and quota.used_families >= quota.limit_families:
        return QuotaExhausted(
            _("The quota's %(limit)d families are all admitted: this family does not fit.")
            % {"limit": quota.limit_families}
        )
    return QuotaExhausted(
        ngettext(
            "%(left)d place is left in the quota; this family needs %(persons)d.",
            "%(left)d places are left in the quota; this family needs %(persons)d.",
            quota.remaining_persons,
        )
        % {"left": quota.remaining_persons, "persons": persons}
    )


@transaction.atomic
def admission_create(
    *,
    quota: Quota,
    head: dict,
    members: list[dict] | tuple = (),
    settlement,
    admitted_on: datetime.date,
    by,
) -> Admission:
    """Admit a family against ``quota``: it takes ``1 + len(members)`` persons and one family.

    ``head`` holds iin, surname, name, patronymic, birth_date; each member the same plus relation.
    Raises ValidationError (field errors, nothing saved), QuotaExhausted when the family does not
    fit, QuotaClosed when the quota admits no families.
    """
    if not quota.admits_families:
        raise QuotaClosed(_("Families are admitted only against kandas and resettler quotas."))
    user, label = actor(by)
    admission = Admission(
        quota=quota,
        settlement=settlement,
        admitted_on=admitted_on,
        created_by=user,
        created_by_label=label,
        **{f"head_{name}": head.get(name, "" if name != "birth_date" else None) for name in PERSON_FIELDS},
    )
    admission.head_patronymic = admission.head_patronymic or ""
    family = [
        AdmissionMember(**{name: member.get(name) or ("" if name != "birth_date" else None) for name in MEMBER_FIELDS})
        for member in members
    ]
    admission.persons = 1 + len(family)
    _validate_family(quota=quota, admission=admission, members=family)

    # The one conditional UPDATE: it matches only while the family still fits.
    fits = Q(pk=quota.pk, status=Quota.Status.OPEN, used_persons__lte=F("limit_persons") - admission.persons)
    fits &= Q(limit_families__isnull=True) | Q(used_families__lt=F("limit_families"))
    taken = Quota.objects.filter(fits).update(
        used_persons=F("used_persons") + admission.persons,
        used_families=F("used_families") + 1,
        updated_at=timezone.now(),
    )
    if taken != 1:
        raise _quota_refusal(quota, admission.persons)

    admission.save()
    for member in family:
        member.admission = admission
    AdmissionMember.objects.bulk_create(family)
    _hold_family(admission, family)
    # The audit entry names the family by its size and place, never by IIN.
    audit_record(
        by=by,
        action="create",
        target=admission,
        changes={
            "quota": [None, quota.pk],
            "persons": [None, admission.persons],
            "settlement": [None, admission.settlement_id],
            "admitted_on": [None, admission.admitted_on.isoformat()],
        },
    )
    return admission


@transaction.atomic
def admission_cancel(*, admission: Admission, reason: str = "", by) -> Admission:
    """Cancel an admission and give its places back to the quota. Cancelling twice is harmless:
    the places are freed once, by whichever call flips the status first."""
    user, label = actor(by)
    now = timezone.now()
    flipped = Admission.objects.filter(pk=admission.pk, status=Admission.Status.ADMITTED).update(
        status=Admission.Status.CANCELLED,
        cancelled_at=now,
        cancelled_by=user,
        cancelled_by_label=label,
        cancel_reason=reason,
    )
    if flipped:
        AdmittedPerson.objects.filter(admission_id=admission.pk).delete()
        persons = Admission.objects.filter(pk=admission.pk).values_list("persons", flat=True).get()
        freed = Quota.objects.filter(pk=admission.quota_id, used_persons__gte=persons, used_families__gte=1).update(
            used_persons=F("used_persons") - persons,
            used_families=F("used_families") - 1,
            updated_at=now,
        )
        if freed != 1:  # pragma: no cover - the CHECK constraints make this unreachable
            raise RuntimeError(f"quota {admission.quota_id} counters are below admission {admission.pk}")
        audit_record(
            by=by,
            action="transition",
            target=admission,
            changes={"status": [Admission.Status.ADMITTED, Admission.Status.CANCELLED], "persons": [persons, 0]},
            note=reason,
        )
    admission.refresh_from_db()
    return admission
