"""Every write to a proposal: drafting, the workflow transitions, and applying an accepted one.

Workflow (rules p.4 and docs/architecture.md): draft → under review → approved (department head only) →
sent (outgoing number, date) → accepted / rejected (decision number, date); any open proposal
may be withdrawn, and the head may return one under review to draft. Each transition locks the
row, checks the state it expects and the actor's right, and is audited; a repeat is refused, so
accepting twice (even at the same moment) changes the quota once.
"""

import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.accounts.actors import actor_user
from kernel.audit.services import audit_record
from kernel.territory.models import District
from kernel.territory.services import district_assignment_set
from proposals.errors import IllegalTransition, NotAllowed, ProposalError
from proposals.evidence import proposal_evidence
from proposals.models import QUOTA_KINDS, Direction, Horizon, Kind, Proposal, Status
from proposals.transitions import TRANSITIONS


def proposal_validate_target(*, kind, direction, quota, district, amount, horizon="", today=None) -> None:
    """The target of a proposal fits its kind; a proposal "for the coming year" changes a quota that
    covers the year after ``today`` (default: the date in Astana now), never this year's."""
    errors = {}
    if kind == Kind.TERRITORY:
        if district is None:
            errors["district"] = _("Choose the district of Astana the proposal is about.")
        elif not district.region.kato.startswith("71"):
            errors["district"] = _("Only a territory of Astana can be proposed for assignment.")
        if direction not in (Direction.ASSIGN, Direction.UNASSIGN):
            errors["direction"] = _("A territory is either assigned or not assigned.")
        if quota is not None:
            errors["quota"] = _("A territory proposal does not change a quota.")
    else:
        if quota is None:
            errors["quota"] = _("Choose the quota the proposal changes.")
        elif quota.kind not in QUOTA_KINDS.get(kind, set()):
            errors["quota"] = _("This quota is not of the kind the proposal is about.")
        if direction not in (Direction.INCREASE, Direction.DECREASE):
            errors["direction"] = _("A quota is either increased or decreased.")
        if not amount or amount <= 0:
            errors["amount"] = _("Give the number of persons by which the quota changes.")
        if district is not None:
            errors["district"] = _("A quota proposal does not name a territory.")
        coming = (today or timezone.localdate()).year + 1
        covers_coming = quota is not None and quota.period_start <= coming <= quota.period_end
        if quota is not None and horizon == Horizon.COMING_YEAR and not covers_coming:
            errors["horizon"] = _(
                "A proposal for the coming year (%(year)d) changes a quota that covers %(year)d; this quota is "
                "for %(period)s. Choose the quota of %(year)d, or leave the period empty to change this one."
            ) % {"year": coming, "period": quota.period_label}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_create(
    *,
    kind: str,
    direction: str,
    justification: str,
    by,
    quota=None,
    district: District | None = None,
    amount: int | None = None,
    horizon: str = "",
    suggested: bool = False,
    today: datetime.date | None = None,
) -> Proposal:
    proposal_validate_target(
        kind=kind, direction=direction, quota=quota, district=district, amount=amount, horizon=horizon, today=today
    )
    if not justification.strip():
        raise ValidationError({"justification": _("Explain why the Department proposes this.")})
    proposal = Proposal.objects.create(
        kind=kind,
        direction=direction,
        quota=quota,
        district=district,
        amount=amount if kind != Kind.TERRITORY else None,
        horizon=horizon,
        justification=justification.strip(),
        suggested=suggested,
        created_by=actor_user(by),
    )
    audit_record(by=by, action="create", target=proposal, changes={"status": [None, proposal.status]})
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, by, today: datetime.date | None = None, **fields) -> Proposal:
    """Edit a draft; anything past draft is frozen."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Status.DRAFT:
        raise IllegalTransition(_("Only a draft can be edited."))
    before = {name: getattr(locked, name) for name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    proposal_validate_target(
        kind=locked.kind,
        direction=locked.direction,
        quota=locked.quota,
        district=locked.district,
        amount=locked.amount,
        horizon=locked.horizon,
        today=today,
    )
    locked.save()
    changes = {k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v}
    audit_record(by=by, action="update", target=locked, changes=changes)
    return locked


def _require(by, perm: str) -> None:
    if by is None or not by.has_perm(perm):
        raise NotAllowed(_("You are not allowed to do this with a proposal."))


def _transition(proposal: Proposal, *, by, name: str, check=None, **updates) -> Proposal:
    """Make the move ``name`` of the state machine (``proposals.transitions``): lock, check the
    state and the actor's right (and ``check(locked)``, which raises a field error for dates out of
    order), then move and audit."""
    move = TRANSITIONS[name]
    to = move.to
    _require(by, move.permission)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in move.allowed_from:
        raise IllegalTransition(
            _("A proposal that is “%(status)s” cannot become “%(target)s”.")
            % {"status": locked.get_status_display(), "target": Status(to).label}
        )
    if check is not None:
        check(locked)
    before = locked.status
    for name, value in updates.items():
        setattr(locked, name, value)
    locked.status = to
    locked.save()
    changes: dict[str, list] = {"status": [before, to]}
    changes.update({k: [None, v.isoformat() if hasattr(v, "isoformat") else str(v)] for k, v in updates.items()})
    audit_record(by=by, action="transition", target=locked, changes=changes)
    return locked


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by) -> Proposal:
    """Send a draft for review, freezing its evidence (monitoring figures, quota use) as of now."""
    locked = _transition(proposal, by=by, name="submit")
    locked.evidence = proposal_evidence(locked)
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["evidence", "submitted_at"])
    return locked


@transaction.atomic
def proposal_return(*, proposal: Proposal, by) -> Proposal:
    return _transition(proposal, by=by, name="return")


@transaction.atomic
def proposal_approve(*, proposal: Proposal, by) -> Proposal:
    return _transition(
        proposal,
        by=by,
        name="approve",
        approved_by=by,
        approved_at=timezone.now(),
    )


def _number_and_date(
    number: str, date, *, number_field: str, date_field: str, today: datetime.date | None = None
) -> tuple[str, datetime.date]:
    errors = {}
    if not (number or "").strip():
        errors[number_field] = _("Give the number of the letter or decision.")
    if not isinstance(date, datetime.date):
        errors[date_field] = _("Give the date.")
    elif date > (today or timezone.localdate()):
        errors[date_field] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return number.strip(), date


def _sent_after_approval(sent_on: datetime.date):
    def check(locked: Proposal) -> None:
        approved_on = timezone.localdate(locked.approved_at) if locked.approved_at else None
        if approved_on is not None and sent_on < approved_on:
            raise ValidationError(
                {
                    "sent_on": _("The letter cannot be sent before the head approved it (%(date)s).")
                    % {"date": approved_on.strftime("%d.%m.%Y")}
                }
            )

    return check


def _decided_after_sending(decided_on: datetime.date):
    def check(locked: Proposal) -> None:
        if locked.sent_on is not None and decided_on < locked.sent_on:
            raise ValidationError(
                {
                    "decided_on": _("The decision cannot precede the letter it answers (sent on %(date)s).")
                    % {"date": locked.sent_on.strftime("%d.%m.%Y")}
                }
            )

    return check


@transaction.atomic
def proposal_send(
    *, proposal: Proposal, outgoing_number: str, sent_on: datetime.date, by, today: datetime.date | None = None
) -> Proposal:
    """Record the letter as sent: numbered, dated neither in the future nor before its approval."""
    number, date = _number_and_date(
        outgoing_number, sent_on, number_field="outgoing_number", date_field="sent_on", today=today
    )
    return _transition(
        proposal,
        by=by,
        name="send",
        check=_sent_after_approval(date),
        outgoing_number=number,
        sent_on=date,
    )


@transaction.atomic
def proposal_reject(
    *, proposal: Proposal, decision_number: str, decided_on: datetime.date, by, today: datetime.date | None = None
) -> Proposal:
    number, date = _number_and_date(
        decision_number, decided_on, number_field="decision_number", date_field="decided_on", today=today
    )
    return _transition(
        proposal,
        by=by,
        name="reject",
        check=_decided_after_sending(date),
        decision_number=number,
        decided_on=date,
    )


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, decision_number: str, decided_on: datetime.date, by, today: datetime.date | None = None
) -> Proposal:
    """Record the authorised body's acceptance and apply the change, all or nothing."""
    number, date = _number_and_date(
        decision_number, decided_on, number_field="decision_number", date_field="decided_on", today=today
    )
    locked = _transition(
        proposal,
        by=by,
        name="accept",
        check=_decided_after_sending(date),
        decision_number=number,
        decided_on=date,
    )
    _apply(locked, by=by)
    return locked


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    return _transition(proposal, by=by, name="withdraw")


def _apply(proposal: Proposal, *, by) -> None:
    """Apply an accepted proposal inside the acceptance transaction, through the owning app's service."""
    if proposal.kind == Kind.TERRITORY:
        district_assignment_set(
            district_id=cast(int, proposal.district_id),
            assigned=proposal.direction == Direction.ASSIGN,
            by=by,
            note=str(proposal),
        )
        return
    from quotas.models import QuotaLimitChange
    from quotas.services import quota_limit_adjust

    amount = proposal.amount or 0
    try:
        change = quota_limit_adjust(
            quota_id=cast(int, proposal.quota_id),
            delta=amount if proposal.direction == Direction.INCREASE else -amount,
            origin=QuotaLimitChange.Origin.PROPOSAL,  # the row shows the proposal, in the reader's language
            document=proposal.decision_number,
            by=by,
        )
    except ValidationError as exc:
        # E.g. a decrease below what is already admitted: explain, change nothing.
        raise ProposalError(
            _("The decision cannot be applied: %(reason)s") % {"reason": " ".join(exc.messages)}
        ) from exc
    proposal.applied_change = change
    proposal.save(update_fields=["applied_change"])
