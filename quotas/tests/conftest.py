"""Fixtures of the quotas tests: a receiving region's settlement, a small kandas quota, and
families with valid IINs (made by ``make_iin``, the way demo data makes them)."""

import datetime
import itertools
import random

import pytest
from django.utils import timezone, translation

from kernel.iin import make_iin
from kernel.territory.models import District, Region
from quotas.services import quota_create
from settlements.models import Settlement

PAVLODAR = "550000000"
IRTYSH_DISTRICT = "552000000"

_serial = itertools.count(1)


@pytest.fixture
def pavlodar(reference_data):
    return Region.objects.get(kato=PAVLODAR)


@pytest.fixture
def settlement(pavlodar):
    return make_settlement(district=District.objects.get(kato=IRTYSH_DISTRICT))


def make_settlement(*, district, name="Ертіс"):
    """A settlement row written directly: the settlements app owns its services."""
    number = next(_serial)
    return Settlement.objects.create(
        kato=f"{district.kato[:6]}{number:03d}",
        name_kk=f"{name} {number}",
        name_ru=f"{name} {number}",
        region=district.region,
        district=district,
        kind=Settlement.Kind.RURAL,
        development_potential=Settlement.Potential.HIGH,
    )


@pytest.fixture
def this_year():
    return timezone.localdate().year


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def kandas_quota(pavlodar, this_year):
    """Pavlodar's kandas quota for this year, with room for 10 persons."""
    return quota_create(
        kind="kandas", region=pavlodar, period_start=this_year, limit_persons=10, document="No. 1", by=None
    )


def person(rng: random.Random, *, female=False, born=None) -> dict:
    born = born or datetime.date(rng.randint(1960, 2015), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "iin": make_iin(born, female=female, rng=rng),
        "surname": "Серікқызы" if female else "Серікұлы",
        "name": "Айгүл" if female else "Ерлан",
        "patronymic": "",
        "birth_date": born,
    }


def family(rng: random.Random, members: int = 0) -> tuple[dict, list[dict]]:
    """A head of family and ``members`` members (spouse first, then children), distinct IINs."""
    head = person(rng, born=datetime.date(1980, 5, 17))
    seen = {head["iin"]}
    others = []
    while len(others) < members:
        member = person(rng, female=not others)
        if member["iin"] in seen:
            continue
        seen.add(member["iin"])
        member["relation"] = "spouse" if not others else "child"
        others.append(member)
    return head, others


@pytest.fixture
def rng(request):
    # One seed per test: repeatable, and different tests draw different IINs.
    return random.Random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the portal's default language is Kazakh (the
    translations are tested on their own, through the admin)."""
    with translation.override("en"):
        yield
