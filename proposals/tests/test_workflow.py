"""Each transition, allowed and refused, per role."""

import datetime

import pytest
from django.utils import timezone

from kernel.audit.models import AuditEntry
from proposals import errors, services
from proposals.models import Status

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def _today():
    """The date in Astana when the step is taken: a letter is dated no earlier than its approval."""
    return timezone.localdate()


def _to(proposal, status, *, staff, head):
    """Walk a proposal forward to ``status`` along the happy path."""
    steps = [
        (Status.UNDER_REVIEW, lambda p: services.proposal_submit(proposal=p, by=staff)),
        (Status.APPROVED, lambda p: services.proposal_approve(proposal=p, by=head)),
        (
            Status.SENT,
            lambda p: services.proposal_send(proposal=p, outgoing_number="01-12/345", sent_on=_today(), by=staff),
        ),
    ]
    for target, step in steps:
        if proposal.status == status:
            break
        proposal = step(proposal)
        assert proposal.status == target
    return proposal


def test_it_walks_the_whole_way_and_audits_every_step(quota_proposal, staff_user, head_user):
    p = _to(quota_proposal, Status.SENT, staff=staff_user, head=head_user)
    p = services.proposal_accept(proposal=p, decision_number="Д-77", decided_on=_today(), by=staff_user)
    assert p.status == Status.ACCEPTED
    steps = AuditEntry.objects.filter(object_id=str(p.pk), action="transition").order_by("id")
    assert [e.changes["status"] for e in steps] == [
        ["draft", "under_review"],
        ["under_review", "approved"],
        ["approved", "sent"],
        ["sent", "accepted"],
    ]
    assert [e.actor for e in steps] == [staff_user, head_user, staff_user, staff_user]


def test_only_the_head_approves(quota_proposal, staff_user, analyst_user, head_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    for user in (staff_user, analyst_user):
        with pytest.raises(errors.NotAllowed):
            services.proposal_approve(proposal=p, by=user)
    p.refresh_from_db()
    assert p.status == Status.UNDER_REVIEW
    assert services.proposal_approve(proposal=p, by=head_user).approved_by == head_user


def test_an_analyst_can_do_nothing(quota_proposal, analyst_user):
    with pytest.raises(errors.NotAllowed):
        services.proposal_submit(proposal=quota_proposal, by=analyst_user)
    with pytest.raises(errors.NotAllowed):
        services.proposal_withdraw(proposal=quota_proposal, by=analyst_user)


def test_the_head_returns_a_proposal_to_draft_but_staff_cannot(quota_proposal, staff_user, head_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    with pytest.raises(errors.NotAllowed):
        services.proposal_return(proposal=p, by=staff_user)
    assert services.proposal_return(proposal=p, by=head_user).status == Status.DRAFT


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.DRAFT, "approve"),
        (Status.DRAFT, "send"),
        (Status.DRAFT, "accept"),
        (Status.UNDER_REVIEW, "send"),
        (Status.UNDER_REVIEW, "submit"),
        (Status.APPROVED, "accept"),
        (Status.APPROVED, "approve"),
        (Status.SENT, "approve"),
        (Status.SENT, "send"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(quota_proposal, staff_user, head_user, status, step):
    p = _to(quota_proposal, status, staff=staff_user, head=head_user)
    calls = {
        "submit": lambda: services.proposal_submit(proposal=p, by=head_user),
        "approve": lambda: services.proposal_approve(proposal=p, by=head_user),
        "send": lambda: services.proposal_send(proposal=p, outgoing_number="1", sent_on=_today(), by=head_user),
        "accept": lambda: services.proposal_accept(proposal=p, decision_number="1", decided_on=_today(), by=head_user),
    }
    with pytest.raises(errors.IllegalTransition, match="cannot become"):
        calls[step]()
    p.refresh_from_db()
    assert p.status == status


def test_a_decided_proposal_cannot_be_withdrawn(quota_proposal, staff_user, head_user):
    p = _to(quota_proposal, Status.SENT, staff=staff_user, head=head_user)
    p = services.proposal_reject(proposal=p, decision_number="Д-1", decided_on=_today(), by=staff_user)
    with pytest.raises(errors.IllegalTransition):
        services.proposal_withdraw(proposal=p, by=staff_user)


def test_sending_needs_a_number_and_a_past_date(quota_proposal, staff_user, head_user):
    from django.core.exceptions import ValidationError

    p = _to(quota_proposal, Status.APPROVED, staff=staff_user, head=head_user)
    with pytest.raises(ValidationError) as exc:
        services.proposal_send(proposal=p, outgoing_number=" ", sent_on=datetime.date(2999, 1, 1), by=staff_user)
    assert set(exc.value.message_dict) == {"outgoing_number", "sent_on"}
    p.refresh_from_db()
    assert p.status == Status.APPROVED


def test_submission_freezes_the_evidence(quota_proposal, quota, staff_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    assert p.evidence["quota"]["limit_persons"] == 100
    assert "monitoring" in p.evidence
    # Later changes to the quota do not touch the frozen snapshot.
    type(quota).objects.filter(pk=quota.pk).update(notes="changed")
    p.refresh_from_db()
    assert p.evidence["quota"]["limit_persons"] == 100


def test_only_a_draft_is_edited(quota_proposal, staff_user):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    with pytest.raises(errors.IllegalTransition):
        services.proposal_update(proposal=p, amount=5, by=staff_user)
