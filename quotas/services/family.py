"""The checks of a family before it is admitted against a quota: each field, nobody born in the
future, each person once in the family and once among the standing admissions, a settlement in the
quota's territory, a date within the quota's period. Raises ValidationError; saves nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from quotas.models import Admission, AdmissionMember, AdmittedPerson, Quota


def family_validate(*, quota: Quota, admission: Admission, members: list[AdmissionMember]) -> None:
    """Field errors of a family before it is admitted; raises ValidationError, saves nothing."""
    today = timezone.localdate()
    problems = [
        *_field_problems(admission, members),
        *_future_birth_problems(admission, members, today),
        *_listed_once_problems(admission, members),
        # Nobody is admitted twice while the first admission stands. This read gives the early,
        # precise answer; under concurrency the unique AdmittedPerson row decides (admission_create).
        *already_admitted([admission.head_iin, *(member.iin for member in members)]),
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


def already_admitted(family: list[str]) -> list[tuple[str, str]]:
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
