"""Acceptance applies the change once, atomically, through the quotas service."""

import threading

import pytest
from django.db import connection

from kernel.territory.models import District
from proposals import errors, services
from proposals.models import Proposal, Status
from proposals.tests.test_workflow import _to, _today


def test_accepting_an_increase_raises_the_limit_and_links_the_history(quota_proposal, quota, staff_user, head_user):
    p = _to(quota_proposal, Status.SENT, staff=staff_user, head=head_user)
    p = services.proposal_accept(proposal=p, decision_number="Д-77", decided_on=_today(), by=staff_user)
    quota.refresh_from_db()
    assert quota.limit_persons == 140
    assert p.applied_change.proposal == p
    assert p.applied_change.limit_persons_after == 140


def test_a_decrease_below_use_is_refused_and_nothing_changes(quota, staff_user, head_user):
    from quotas.models import Quota

    Quota.objects.filter(pk=quota.pk).update(used_persons=90, used_families=30)
    p = services.proposal_create(
        kind="regional", direction="decrease", quota=quota, amount=20, justification="Fewer arrivals.", by=staff_user
    )
    p = _to(p, Status.SENT, staff=staff_user, head=head_user)
    with pytest.raises(errors.ProposalError, match="cannot be applied"):
        services.proposal_accept(proposal=p, decision_number="Д-9", decided_on=_today(), by=staff_user)
    p.refresh_from_db()
    quota.refresh_from_db()
    assert p.status == Status.SENT
    assert quota.limit_persons == 100


def test_accepting_a_territory_assignment_sets_the_flag(territory_proposal, astana_district, staff_user, head_user):
    p = _to(territory_proposal, Status.SENT, staff=staff_user, head=head_user)
    services.proposal_accept(proposal=p, decision_number="Д-3", decided_on=_today(), by=staff_user)
    assert District.objects.get(pk=astana_district.pk).assigned_for_settlement is True


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_acceptances_change_the_limit_once(reference_data, django_user_model):
    from django.contrib.auth.models import Group

    from kernel.territory.models import Region
    from quotas.models import Quota, QuotaLimitChange

    staff = django_user_model.objects.create_user("s1", password="x-password-1")
    staff.groups.add(Group.objects.get(name="department_staff"))
    head = django_user_model.objects.create_user("h1", password="x-password-1")
    head.groups.add(Group.objects.get(name="department_head"))
    quota = Quota.objects.create(
        kind="resettler",
        region=Region.objects.get(kato="590000000"),
        period_start=2026,
        period_end=2026,
        limit_persons=1000,
    )
    p = services.proposal_create(
        kind="regional", direction="increase", quota=quota, amount=50, justification="More vacancies.", by=staff
    )
    p = _to(p, Status.SENT, staff=staff, head=head)

    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            services.proposal_accept(
                proposal=Proposal.objects.get(pk=p.pk), decision_number="Д-1", decided_on=_today(), by=staff
            )
            outcomes.append("accepted")
        except errors.IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    quota.refresh_from_db()
    assert quota.limit_persons == 1050
    assert QuotaLimitChange.objects.filter(quota=quota).count() == 1
