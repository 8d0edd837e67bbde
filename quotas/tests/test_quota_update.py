"""Editing a quota: status and notes through the service and the audit; identity fixed once used."""

import pytest
from django.core.exceptions import ValidationError

from kernel.audit.models import AuditEntry
from quotas.services import QuotaClosed, admission_create, quota_update
from quotas.tests.conftest import family


def test_closing_a_quota_stops_admissions_and_is_audited(kandas_quota, settlement, staff_user, rng, today):
    quota_update(quota=kandas_quota, status="closed", by=staff_user)
    head, members = family(rng)
    with pytest.raises(QuotaClosed):
        admission_create(
            quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None
        )
    entry = AuditEntry.objects.get(content_type__model="quota", action="update")
    assert entry.changes == {"status": ["open", "closed"]}


def test_the_period_can_be_corrected_until_a_family_is_admitted(kandas_quota, settlement, rng, today):
    # A typo caught early is fixed in place …
    quota_update(quota=kandas_quota, period_end=kandas_quota.period_start + 2, by=None)
    kandas_quota.refresh_from_db()
    assert kandas_quota.period_end == kandas_quota.period_start + 2
    head, members = family(rng)
    admission_create(quota=kandas_quota, head=head, members=members, settlement=settlement, admitted_on=today, by=None)
    # … but once families are admitted against it, the quota stays what they were admitted to.
    with pytest.raises(ValidationError):
        quota_update(quota=kandas_quota, period_end=kandas_quota.period_start, by=None)
    quota_update(quota=kandas_quota, notes="still editable", by=None)


def test_limits_and_counters_are_not_changed_here(kandas_quota):
    for field in ("limit_persons", "used_persons"):
        with pytest.raises(ValidationError):
            quota_update(quota=kandas_quota, **{field: 1000}, by=None)
    kandas_quota.refresh_from_db()
    assert (kandas_quota.limit_persons, kandas_quota.used_persons) == (10, 0)


def test_a_change_to_nothing_writes_nothing(kandas_quota):
    quota_update(quota=kandas_quota, notes="", by=None)
    assert not AuditEntry.objects.filter(content_type__model="quota", action="update").exists()
