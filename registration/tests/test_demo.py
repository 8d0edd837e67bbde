"""Demo residents look like Astana's: valid, varied, young, coming and going."""

import datetime
import io
import random

from django.db.models import Count, Q

from registration import demo
from registration.models import RegistrationRecord


def _load(count, seed=1):
    out = io.StringIO()
    demo.load(rng=random.Random(seed), options={"registrations": count}, stdout=out)
    return out.getvalue()


def test_demo_residents_obey_every_rule_and_look_real(reference_data):
    _load(3000)

    records = RegistrationRecord.objects.all()
    assert 3000 <= records.count() <= 3001
    # Every rule of the admin form holds (the import's checker let them in; check again).
    for record in records.order_by("?")[:200]:
        record.full_clean()
    today = datetime.date.today()
    ages = {
        "children under 7": records.filter(birth_date__gt=today.replace(year=today.year - 7)).count(),
        "school age": records.filter(
            birth_date__lte=today.replace(year=today.year - 7), birth_date__gt=today.replace(year=today.year - 18)
        ).count(),
        "over 63": records.filter(birth_date__lte=today.replace(year=today.year - 63)).count(),
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
    assert records.filter(registered_on__gte=three_years_ago).count() > 0.9 * records.count()
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
