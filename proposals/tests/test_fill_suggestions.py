"""The daily suggestions draft the proposal a quota's fill calls for (issue 15): an increase for one
that will run out early, a decrease for one that will not be filled, the figures frozen into the
evidence when it is submitted."""

import pytest
import time_machine

from kernel.numbers import count_text
from kernel.territory.models import District, Region
from proposals.services import proposal_submit
from proposals.suggestions import proposals_suggest
from quotas.tests.conftest import IRTYSH_DISTRICT, PAVLODAR, make_settlement
from quotas.tests.test_fill import TODAY, _monthly, _quota


@pytest.fixture
def region(reference_data):
    return Region.objects.get(kato=PAVLODAR)


@pytest.fixture
def place(region):
    return make_settlement(district=District.objects.get(kato=IRTYSH_DISTRICT))


def test_an_at_risk_quota_gets_an_increase_by_what_the_projection_exceeds(region, place, staff_user):
    quota = _quota(region, limit=1800)
    _monthly(quota, place, dict.fromkeys(range(1, 7), 200))
    (draft,) = proposals_suggest(today=TODAY)
    assert (draft.quota, draft.direction, draft.amount, draft.horizon) == (quota, "increase", 620, "")
    assert count_text(2420) in draft.justification and "01.07.2026" in draft.justification  # "2,420" here
    with time_machine.travel("2026-07-01T12:00:00+05:00", tick=False):
        submitted = proposal_submit(proposal=draft, by=staff_user)
    fill = submitted.evidence["quota"]["fill"]
    assert fill == {
        "on": "2026-07-01",
        "status": "at_risk",
        "expected_persons_by_now": 898,
        "projected_persons_at_period_end": 2420,
        "projected_low": 2420,
        "projected_high": 2420,
    }
    assert proposals_suggest(today=TODAY) == []  # the open draft stands: no second one


def test_a_quota_that_stalls_gets_a_decrease_to_what_it_will_reach(region, place):
    quota = _quota(region, limit=1200)
    _monthly(quota, place, {1: 100, 2: 100, 3: 100})
    (draft,) = proposals_suggest(today=TODAY)
    assert (draft.quota, draft.direction, draft.amount) == (quota, "decrease", 900)


def test_a_quota_on_track_gets_nothing(region, place):
    quota = _quota(region, limit=1300)
    _monthly(quota, place, dict.fromkeys(range(1, 7), 100))
    assert proposals_suggest(today=TODAY) == []
