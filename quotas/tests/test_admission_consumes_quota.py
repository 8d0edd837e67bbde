import pytest

from kernel.audit.models import AuditEntry
from quotas.models import Admission, Quota
from quotas.selectors import quota_counters_from_admissions
from quotas.services import QuotaClosed, QuotaExhausted, admission_cancel, admission_create, quota_create
from quotas.tests.conftest import family

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def test_it_takes_one_place_per_person_and_one_family(kandas_quota, settlement, staff_user, rng, today):
    head, members = family(rng, members=3)
    admission = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=staff_user
    )
    kandas_quota.refresh_from_db()
    assert admission.persons == 4
    assert (kandas_quota.used_persons, kandas_quota.used_families) == (4, 1)
    assert admission.members.count() == 3
    assert admission.created_by == staff_user


def test_it_refuses_a_family_that_does_not_fit_and_saves_nothing(kandas_quota, settlement, staff_user, rng, today):
    head, members = family(rng, members=7)
    admission_create(quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    head, members = family(rng, members=2)  # 3 persons, 2 places left
    with pytest.raises(QuotaExhausted, match="2 places"):
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=staff_user
        )
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == 8
    assert Admission.objects.count() == 1


def test_it_fills_the_quota_to_the_last_place(kandas_quota, settlement, rng, today):
    # A family of exactly the places left fits: the limit is inclusive.
    for size in (4, 6):
        head, members = family(rng, members=size - 1)
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
        )
    kandas_quota.refresh_from_db()
    assert kandas_quota.used_persons == kandas_quota.limit_persons == 10


def test_it_counts_families_against_a_family_limit(pavlodar, settlement, rng, this_year, today):
    quota = quota_create(
        kind="resettler", region=pavlodar, period_start=this_year, limit_persons=100, limit_families=1, by=None
    )
    head, members = family(rng, members=1)
    admission_create(quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    head, members = family(rng)
    with pytest.raises(QuotaExhausted, match="families"):
        admission_create(quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)


def test_cancelling_frees_the_places_once(kandas_quota, settlement, staff_user, rng, today):
    head, members = family(rng, members=2)
    admission = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=staff_user
    )
    admission_cancel(admission=admission, reason="left for another region", by=staff_user)
    # A second cancel (a double click, a retried request) must not free the places again.
    admission_cancel(admission=admission, by=staff_user)
    kandas_quota.refresh_from_db()
    admission.refresh_from_db()
    assert (kandas_quota.used_persons, kandas_quota.used_families) == (0, 0)
    assert admission.status == Admission.Status.CANCELLED
    assert admission.cancel_reason == "left for another region"
    assert quota_counters_from_admissions(kandas_quota) == {"used_persons": 0, "used_families": 0}
    assert (
        AuditEntry.objects.filter(
            action="transition", content_type__model="admission", object_id=str(admission.pk)
        ).count()
        == 1
    )


def test_it_writes_an_audit_entry_without_iins(kandas_quota, settlement, staff_user, rng, today):
    head, members = family(rng, members=1)
    admission = admission_create(
        quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=staff_user
    )
    entry = AuditEntry.objects.get(action="create", content_type__model="admission", object_id=str(admission.pk))
    assert entry.actor == staff_user
    assert entry.changes["persons"] == [None, 2]
    # The trail is read by the head; personal numbers stay in the admission itself.
    assert head["iin"] not in str(entry.changes) + entry.object_repr + entry.note


def test_a_closed_quota_admits_nobody(kandas_quota, settlement, rng, today):
    Quota.objects.filter(pk=kandas_quota.pk).update(status=Quota.Status.CLOSED)
    head, members = family(rng)
    with pytest.raises(QuotaClosed):
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
        )


def test_labour_quotas_are_not_filled_by_families(reference_data, settlement, rng, this_year, today):
    quota = quota_create(
        kind="foreign_labour",
        region=settlement.region,
        period_start=this_year,
        limit_persons=500,
        limit_compatriots=100,
        by=None,
    )
    head, members = family(rng)
    with pytest.raises(QuotaClosed):
        admission_create(quota=quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
