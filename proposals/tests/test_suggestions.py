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


def test_a_quota_below_ninety_percent_and_on_its_plan_gets_nothing(quota):
    from quotas.tests.test_fill import _monthly
    from tests.role_matrix_objects import make_settlement

    # 8 persons a month, January to May: 40 by 1 June against 42 expected; at the recent pace the
    # year ends with 97 of 100 — on track, neither near full nor at risk nor behind.
    _monthly(quota, make_settlement("550000000"), dict.fromkeys(range(1, 6), 8))
    _fill(quota, 40, 5)
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
