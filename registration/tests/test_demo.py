"""Demo residents look like Astana's: valid, varied, young, coming and going."""

import datetime
import io
import random

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from registration import demo
from registration.models import RegistrationRecord

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar


def _load(count, seed=1):
    out = io.StringIO()
    demo.load(rng=random.Random(seed), options={"registrations": count}, stdout=out)
    return out.getvalue()


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February falls back to the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def test_demo_residents_obey_every_rule_and_look_real(reference_data):
    _load(3000)

    records = RegistrationRecord.objects.all()
    assert records.count() == 3000
    # Every rule of the admin form holds (the import's checker let them in; check again).
    for record in records.order_by("?")[:200]:
        record.full_clean()
    today = timezone.localdate()
    ages = {
        "children under 7": records.filter(birth_date__gt=_years_before(today, 7)).count(),
        "school age": records.filter(
            birth_date__lte=_years_before(today, 7), birth_date__gt=_years_before(today, 18)
        ).count(),
        "over 63": records.filter(birth_date__lte=_years_before(today, 63)).count(),
    }
    assert ages["children under 7"] > 300 and ages["school age"] > 300 and ages["over 63"] > 50, ages
    assert records.filter(category="foreigner", kind="temporary", purpose="work").count() > 50
    assert records.filter(category="stateless").exists()
    assert records.filter(iin="").exists()  # foreign workers known by passport only
    assert records.exclude(arrived_from_region=None).count() > 1000
    assert records.exclude(arrived_from_country="").count() > 100
    ended = records.filter(deregistered_on__isnull=False)
    assert ended.exclude(departed_to_region=None).exists() and ended.exclude(departed_to_country="").exists()
    assert records.values("district").distinct().count() == 6
    three_years_ago = today - datetime.timedelta(days=3 * 365 + 1)
    # Mostly long-standing residents (a year's arrivals a small part of the register), and every
    # permanent resident's departure from Astana within the last three years (a move within the city,
    # or a student's stay, may have ended earlier).
    recent = records.filter(registered_on__gte=three_years_ago).count()
    assert 0.15 * records.count() < recent < 0.6 * records.count(), recent
    assert records.filter(registered_on__lt=datetime.date(2000, 1, 1)).exists()
    departed = ended.exclude(departed_to_region=None) | ended.exclude(departed_to_country="")
    assert not departed.filter(kind="permanent", deregistered_on__lt=three_years_ago).exists()
    names = set(records.values_list("surname", flat=True))
    assert {"Иванов", "Иванова"} & names and any(
        n.endswith(("ұлы", "қызы")) for n in records.values_list("patronymic", flat=True)
    )
    # One active permanent registration per person, however many moves.
    twice = (
        records.filter(kind="permanent", deregistered_on__isnull=True)
        .exclude(iin="")
        .values("iin")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not twice.exists()
    assert records.values("iin").exclude(iin="").annotate(n=Count("id")).filter(Q(n__gt=1)).exists()  # moves


def test_loading_demo_data_twice_does_not_fail_or_duplicate(reference_data):
    _load(500)
    count = RegistrationRecord.objects.count()

    message = _load(500, seed=2)

    assert "skipped" in message
    assert RegistrationRecord.objects.count() == count
