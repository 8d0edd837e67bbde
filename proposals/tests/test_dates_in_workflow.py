"""Dates in the workflow are checked in the service (issue 12 point 5): a letter is not sent
before the head approved it, a decision does not precede the letter it answers, nothing is dated
in the future, and a proposal "for the coming year" changes a quota that covers the coming year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kernel.territory.models import Region
from proposals import services
from proposals.models import Status
from proposals.suggestions import proposals_suggest
from proposals.tests.test_workflow import _to


def _approved(proposal, staff, head):
    return _to(proposal, Status.APPROVED, staff=staff, head=head)


def test_a_letter_dated_before_its_approval_is_refused_on_sent_on(quota_proposal, staff_user, head_user):
    p = _approved(quota_proposal, staff_user, head_user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        services.proposal_send(proposal=p, outgoing_number="01-12/1", sent_on=yesterday, by=staff_user)
    assert list(exc.value.message_dict) == ["sent_on"]
    assert "раньше" in exc.value.message_dict["sent_on"][0]
    p.refresh_from_db()
    assert p.status == Status.APPROVED and p.sent_on is None


def test_a_letter_dated_after_today_is_refused(quota_proposal, staff_user, head_user):
    p = _approved(quota_proposal, staff_user, head_user)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.proposal_send(
            proposal=p, outgoing_number="1", sent_on=today + datetime.timedelta(days=1), by=staff_user, today=today
        )
    assert list(exc.value.message_dict) == ["sent_on"]


def test_a_decision_before_the_letter_it_answers_is_refused_and_nothing_applied(
    quota_proposal, quota, staff_user, head_user
):
    p = _to(quota_proposal, Status.SENT, staff=staff_user, head=head_user)
    before_letter = p.sent_on - datetime.timedelta(days=1)
    for decide in (services.proposal_accept, services.proposal_reject):
        with translation.override("kk"), pytest.raises(ValidationError) as exc:
            decide(proposal=p, decision_number="Д-1", decided_on=before_letter, by=staff_user)
        assert list(exc.value.message_dict) == ["decided_on"]
    p.refresh_from_db()
    quota.refresh_from_db()
    assert p.status == Status.SENT
    assert quota.limit_persons == 100
    accepted = services.proposal_accept(proposal=p, decision_number="Д-1", decided_on=p.sent_on, by=staff_user)
    assert accepted.status == Status.ACCEPTED


def _quota(year_from, year_to, *, limit=100, used=0):
    from quotas.models import Quota

    return Quota.objects.create(
        kind="resettler",
        region=Region.objects.get(kato="590000000"),
        period_start=year_from,
        period_end=year_to,
        limit_persons=limit,
        used_persons=used,
    )


def test_the_coming_year_means_a_quota_that_covers_it(reference_data, staff_user):
    june = datetime.date(2026, 6, 1)
    this_year, next_year = _quota(2026, 2026), _quota(2027, 2027)
    draft = {"kind": "regional", "direction": "increase", "amount": 10, "justification": "Many arrivals."}
    draft["by"] = staff_user
    with pytest.raises(ValidationError) as exc:
        services.proposal_create(quota=this_year, horizon="coming_year", today=june, **draft)
    assert list(exc.value.message_dict) == ["horizon"]
    assert "2027" in exc.value.message_dict["horizon"][0]
    assert services.proposal_create(quota=next_year, horizon="coming_year", today=june, **draft).quota == next_year
    assert services.proposal_create(quota=this_year, horizon="", today=june, **draft).quota == this_year


def test_a_suggestion_for_the_coming_year_targets_the_coming_years_quota(reference_data):
    today = datetime.date(2026, 10, 1)
    full, next_year = _quota(2026, 2026, used=95), _quota(2027, 2027)
    (draft,) = proposals_suggest(today=today)
    assert (draft.quota, draft.horizon, draft.amount) == (next_year, "coming_year", 10)
    assert "2026" in draft.justification and str(full.limit_persons) in draft.justification


def test_without_a_quota_for_the_coming_year_the_suggestion_changes_this_years_and_says_so(reference_data):
    today = datetime.date(2026, 10, 1)
    full = _quota(2026, 2026, used=95)
    (draft,) = proposals_suggest(today=today)
    assert (draft.quota, draft.horizon) == (full, "")
