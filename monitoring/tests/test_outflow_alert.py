"""Rules p.6: an alert when the population's outflow exceeds its natural increase — exactly then,
and once per period and territory, with a measure plan of the four kinds and staff notified."""

import datetime

import pytest
from django.core import mail

from monitoring.models import CITY, Measure, OutflowAlert
from monitoring.services import indicators_recompute, natural_increase_enter
from monitoring.tests.conftest import ALMATY, SARYARKA

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar

YEAR_END = datetime.date(2026, 12, 31)


@pytest.fixture
def three_leave_saryarka_in_q1(make_records, districts):
    # Three departures abroad from Saryarka in the first quarter: outflow 3.
    make_records(
        *[
            {
                "district": SARYARKA,
                "registered_on": datetime.date(2020, 1, 1),
                "deregistered_on": datetime.date(2026, 2, 1),
                "departed_to_country": "RUS",
            }
        ]
        * 3
    )
    indicators_recompute(year=2026, today=YEAR_END)
    return districts[SARYARKA]


def enter(district, births, deaths, period="2026-Q1"):
    return natural_increase_enter(
        period=period, district=district, births=births, deaths=deaths, source_document="БНС, бюллетень", by=None
    )


def test_it_raises_an_alert_when_outflow_exceeds_natural_increase(three_leave_saryarka_in_q1):
    enter(three_leave_saryarka_in_q1, births=5, deaths=3)  # natural increase 2 < outflow 3
    alert = OutflowAlert.objects.get()
    assert (alert.period, alert.area) == ("2026-Q1", SARYARKA)
    assert (alert.outflow, alert.natural_increase, alert.emigration) == (3, 2, 3)


def test_it_raises_nothing_when_outflow_equals_natural_increase(three_leave_saryarka_in_q1):
    # "Exceeds" is strict: 3 leaving against 3 born more than died is no alert.
    enter(three_leave_saryarka_in_q1, births=6, deaths=3)
    assert not OutflowAlert.objects.exists()


def test_it_raises_nothing_where_natural_increase_is_unknown(three_leave_saryarka_in_q1):
    indicators_recompute(year=2026, today=YEAR_END)
    assert not OutflowAlert.objects.exists()


def test_it_raises_the_alert_only_once_per_period_and_territory(three_leave_saryarka_in_q1):
    enter(three_leave_saryarka_in_q1, births=4, deaths=3)
    enter(three_leave_saryarka_in_q1, births=3, deaths=3)  # corrected figures, still below outflow
    indicators_recompute(year=2026, today=YEAR_END)
    indicators_recompute(year=2026, today=YEAR_END)
    assert OutflowAlert.objects.count() == 1


def test_it_raises_a_separate_alert_for_another_period_or_the_whole_city(three_leave_saryarka_in_q1):
    enter(three_leave_saryarka_in_q1, births=1, deaths=1)
    enter(three_leave_saryarka_in_q1, births=1, deaths=1, period="2026")
    enter(None, births=1, deaths=1)
    assert sorted(OutflowAlert.objects.values_list("period", "area")) == [
        ("2026", SARYARKA),
        ("2026-Q1", CITY),
        ("2026-Q1", SARYARKA),
    ]


def test_it_leaves_districts_without_outflow_alone(three_leave_saryarka_in_q1, districts):
    enter(districts[ALMATY], births=1, deaths=1)  # Almaty: no outflow, no natural increase
    assert not OutflowAlert.objects.exists()


def test_it_opens_a_measure_plan_with_the_four_kinds_of_p6(three_leave_saryarka_in_q1):
    enter(three_leave_saryarka_in_q1, births=0, deaths=0)
    plan = OutflowAlert.objects.get().plan
    measures = list(plan.measures.all())
    assert sorted(m.kind for m in measures) == sorted(Measure.Kind.values)
    for measure in measures:
        assert measure.owner and measure.title
        assert measure.starts_on <= measure.due_on
        assert measure.status == Measure.Status.PLANNED


def test_it_emails_staff_and_the_head_after_commit(
    three_leave_saryarka_in_q1, staff_user, head_user, analyst_user, django_capture_on_commit_callbacks
):
    for user, email in (
        (staff_user, "staff@example.kz"),
        (head_user, "head@example.kz"),
        (analyst_user, "a@example.kz"),
    ):
        user.email = email
        user.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enter(three_leave_saryarka_in_q1, births=0, deaths=0)
    # Nothing leaves before the alert is committed.
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["head@example.kz", "staff@example.kz"]
    # Kazakh first, then Russian: staff read either.
    assert "Сарыарқа" in message.body or "Сарыарка" in message.body
    assert "2026-Q1" in message.subject
