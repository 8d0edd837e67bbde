"""The system drafts proposals from quota use and outflow alerts, once, and never sends them."""

import datetime

import pytest

from proposals.models import Proposal, Status
from proposals.suggestions import proposals_suggest

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar

# The `quota` fixture is a quota of 2026: suggestions look at the quotas of the year of `today`.
IN_THE_QUOTAS_YEAR = datetime.date(2026, 6, 1)


def _fill(quota, persons, families):
    type(quota).objects.filter(pk=quota.pk).update(used_persons=persons, used_families=families)


def test_a_quota_at_ninety_percent_gets_an_increase_draft_once(quota):
    _fill(quota, 90, 30)
    drafts = proposals_suggest(today=IN_THE_QUOTAS_YEAR)
    assert [(p.kind, p.direction, p.quota_id, p.amount, p.status, p.suggested) for p in drafts] == [
        ("regional", "increase", quota.pk, 10, Status.DRAFT, True)
    ]
    assert proposals_suggest(today=IN_THE_QUOTAS_YEAR) == []
    assert Proposal.objects.count() == 1


def test_a_quota_below_ninety_percent_gets_nothing(quota):
    _fill(quota, 89, 30)
    assert proposals_suggest(today=IN_THE_QUOTAS_YEAR) == []


def test_an_open_outflow_alert_drafts_a_territory_assignment(astana_district):
    from monitoring.models import OutflowAlert

    OutflowAlert.objects.create(**_alert_fields(astana_district))
    drafts = proposals_suggest(today=IN_THE_QUOTAS_YEAR)
    assert [(p.kind, p.direction, p.district_id) for p in drafts] == [("territory", "assign", astana_district.pk)]
    assert proposals_suggest(today=IN_THE_QUOTAS_YEAR) == []


def test_an_assigned_district_gets_no_draft(astana_district):
    from monitoring.models import OutflowAlert

    astana_district.assigned_for_settlement = True
    astana_district.save()
    OutflowAlert.objects.create(**_alert_fields(astana_district))
    assert proposals_suggest(today=IN_THE_QUOTAS_YEAR) == []


def _alert_fields(district):
    import datetime

    return {
        "period": "2025",
        "period_start": datetime.date(2025, 1, 1),
        "district": district,
        "area": district.kato,
        "outflow": 1200,
        "natural_increase": 900,
    }
