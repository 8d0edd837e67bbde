"""Limits change only through a recorded change: history row, audit entry, never below what is used."""

import pytest
from django.core.exceptions import ValidationError

from kernel.audit.models import AuditEntry
from quotas.models import QuotaLimitChange
from quotas.services import admission_create, quota_create, quota_limit_change
from quotas.tests.conftest import family


def test_the_initial_limit_is_the_first_row_of_the_history(kandas_quota):
    first = kandas_quota.limit_changes.get()
    assert (first.limit_persons_before, first.limit_persons_after) == (None, 10)
    assert first.document == "No. 1"


def test_it_records_the_change_with_its_reason_and_document(kandas_quota, head_user):
    change = quota_limit_change(
        quota=kandas_quota,
        limit_persons=977,
        limit_families=400,
        reason="Order of the Minister on the 2026 regional quotas",
        document="No. 123 of 15.01.2026",
        by=head_user,
    )
    kandas_quota.refresh_from_db()
    assert (kandas_quota.limit_persons, kandas_quota.limit_families) == (977, 400)
    assert isinstance(change, QuotaLimitChange)
    assert (change.limit_persons_before, change.limit_persons_after) == (10, 977)
    assert (change.limit_families_before, change.limit_families_after) == (None, 400)
    assert change.by == head_user and change.by_label == "head"
    entry = AuditEntry.objects.filter(
        action="update", content_type__model="quota", object_id=str(kandas_quota.pk)
    ).get()
    assert entry.changes == {"limit_families": [None, 400], "limit_persons": [10, 977]}
    assert "No. 123" in entry.note


def test_it_keeps_the_family_limit_unless_told(kandas_quota, staff_user):
    quota_limit_change(quota=kandas_quota, limit_persons=20, limit_families=5, reason="increase", by=staff_user)
    quota_limit_change(quota=kandas_quota, limit_persons=30, reason="increase again", by=staff_user)
    kandas_quota.refresh_from_db()
    assert kandas_quota.limit_families == 5
    quota_limit_change(quota=kandas_quota, limit_persons=30, limit_families=None, reason="persons only", by=None)
    kandas_quota.refresh_from_db()
    assert kandas_quota.limit_families is None
    assert kandas_quota.limit_changes.count() == 4


def test_it_refuses_to_go_below_what_is_used(kandas_quota, settlement, staff_user, rng, today):
    head, members = family(rng, members=5)
    admission_create(quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    with pytest.raises(ValidationError) as caught:
        quota_limit_change(quota=kandas_quota, limit_persons=5, reason="cut", by=staff_user)
    assert caught.value.message_dict["limit_persons"] == [
        "6 persons are already admitted: the limit cannot go below that."
    ]
    # Down to exactly what is used is allowed: the quota is then full.
    quota_limit_change(quota=kandas_quota, limit_persons=6, reason="cut", by=staff_user)
    kandas_quota.refresh_from_db()
    assert kandas_quota.limit_persons == kandas_quota.used_persons == 6
    assert kandas_quota.limit_changes.count() == 2


def test_it_refuses_a_family_limit_below_the_families_admitted(kandas_quota, settlement, rng, today):
    for _ in range(2):
        head, members = family(rng)
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
        )
    with pytest.raises(ValidationError) as caught:
        quota_limit_change(quota=kandas_quota, limit_persons=10, limit_families=1, reason="cut", by=None)
    assert "limit_families" in caught.value.message_dict
    kandas_quota.refresh_from_db()
    assert kandas_quota.limit_families is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"limit_persons": -1}, "limit_persons"),
        ({"limit_persons": 1.5}, "limit_persons"),
        ({"limit_persons": 10, "limit_families": "x"}, "limit_families"),
        ({"limit_persons": 10, "reason": "  "}, "reason"),
    ],
)
def test_it_refuses_bad_figures_and_a_missing_reason(kandas_quota, changes, field):
    with pytest.raises(ValidationError) as caught:
        quota_limit_change(quota=kandas_quota, **{"reason": "why", **changes}, by=None)
    assert field in caught.value.message_dict
    assert kandas_quota.limit_changes.count() == 1


def test_the_reserved_share_changes_with_the_foreign_labour_limit(pavlodar, this_year):
    quota = quota_create(
        kind="foreign_labour", region=pavlodar, period_start=this_year, limit_persons=100, limit_compatriots=50, by=None
    )
    with pytest.raises(ValidationError) as caught:
        quota_limit_change(quota=quota, limit_persons=40, reason="cut", by=None)
    assert "limit_compatriots" in caught.value.message_dict
    quota_limit_change(quota=quota, limit_persons=40, limit_compatriots=20, reason="cut", by=None)
    quota.refresh_from_db()
    assert (quota.limit_persons, quota.limit_compatriots) == (40, 20)
