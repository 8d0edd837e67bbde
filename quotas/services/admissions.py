"""Writes of admissions (rules p.2.4, p.2.6): admitting a family against a quota and cancelling it.

The counters of a quota move only by one conditional UPDATE each (``used + n <= limit`` in the
WHERE clause), so two admissions racing for the last places cannot both win; the CHECK
constraints on ``Quota`` back this up on any other path. A person holds one standing admission:
the unique ``AdmittedPerson`` row decides under concurrency.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kernel.accounts.actors import actor
from kernel.audit.services import audit_record
from quotas.errors import QuotaClosed, QuotaConflict, QuotaExhausted
from quotas.models import Admission, AdmissionMember, AdmittedPerson, Quota
from quotas.services.family import already_admitted, family_validate

PERSON_FIELDS = ["iin", "surname", "name", "patronymic", "birth_date"]
MEMBER_FIELDS = [*PERSON_FIELDS, "relation"]


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
        conflicts = already_admitted(family) or [("__all__", _("A person of this family is already admitted."))]
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
    family_validate(quota=quota, admission=admission, members=family)

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
