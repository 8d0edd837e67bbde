import pytest

from kernel.territory.models import District, Region
from proposals.services import proposal_create


@pytest.fixture
def quota(reference_data):
    from quotas.models import Quota

    return Quota.objects.create(
        kind="kandas",
        region=Region.objects.get(kato="550000000"),
        period_start=2026,
        period_end=2026,
        limit_persons=100,
    )


@pytest.fixture
def astana_district(reference_data):
    return District.objects.get(kato="711210000")


@pytest.fixture
def quota_proposal(quota, staff_user):
    return proposal_create(
        kind="regional",
        direction="increase",
        quota=quota,
        amount=40,
        horizon="",
        justification="Pavlodar has used most of its kandas places.",
        by=staff_user,
    )


@pytest.fixture
def territory_proposal(astana_district, staff_user):
    return proposal_create(
        kind="territory",
        direction="assign",
        district=astana_district,
        justification="Outflow exceeds natural increase in this district.",
        by=staff_user,
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; test_messages_in_kazakh checks the Kazakh ones."""
    from django.utils import translation

    with translation.override("en"):
        yield
