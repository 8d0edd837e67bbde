"""Fixtures of the settlements tests: a few settlements in the reference rural districts,
recipients, and a helper that takes a list from draft to published through the services."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test.client import ClientMixin
from django.utils import translation

from kernel.territory.models import RuralDistrict
from settlements import polling, selectors, services
from settlements.authentication import forget_keys
from settlements.models import Recipient, Settlement


@pytest.fixture(autouse=True)
def _fresh_caches(settings, tmp_path):
    """The shared Redis outlives each test's rolled-back database: drop what could be stale."""
    settings.LABOUR_EXCHANGE_OUTBOX_DIR = tmp_path / "labour-exchange"
    settings.SETTLEMENTS_PAGES_DIR = tmp_path / "pages"
    settings.LABOUR_EXCHANGE_URL = None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def clear():
        # Pages are cached under their version's checksum, so only the pointer to the current
        # version can be stale; the process-local memories go too.
        cache.delete(selectors.CURRENT_KEY)
        selectors.forget_current_list()
        polling.forget_identities()
        forget_keys()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def _english():
    # Kazakh is the portal's default; the tests read the English messages of domain errors.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _json_of_file_responses(monkeypatch):
    """Pages are served as files (sendfile); let the test client's ``.json()`` read them too."""
    original = ClientMixin._parse_json

    def parse(self, response, **extra):
        if not response.streaming:
            return original(self, response, **extra)
        if not hasattr(response, "_json"):
            response._json = json.loads(b"".join(response.streaming_content), **extra)
        return response._json

    monkeypatch.setattr(ClientMixin, "_parse_json", parse)


def make_settlements(count: int, *, centre: Recipient | None = None, start: int = 1) -> list[Settlement]:
    rurals = list(RuralDistrict.objects.select_related("district__region").order_by("kato"))
    created = []
    for n in range(start, start + count):
        rural = rurals[n % len(rurals)]
        created.append(
            Settlement.objects.create(
                kato=f"{rural.kato[:6]}{n:03d}",
                name_kk=f"Ауыл {n}",
                name_ru=f"Село {n}",
                region=rural.district.region,
                district=rural.district,
                rural_district=rural,
                kind=Settlement.Kind.RURAL if n % 3 else Settlement.Kind.SMALL_TOWN,
                development_potential=Settlement.Potential.HIGH,
                population=100 * n,
                vacancies=n % 2 * 5,
                housing_available=n % 4,
                adaptation_programme=n % 2 == 0,
                mobility_centre=centre,
            )
        )
    return created


@pytest.fixture
def centre(reference_data):
    return services.recipient_save(
        recipient=Recipient(
            code="akmola-mc",
            kind=Recipient.Kind.MOBILITY_CENTRE,
            name="Ақмола облысының еңбек ұтқырлығы орталығы",
            language="kk",
            email="mc@example.kz",
            phone="+7 7162 25-10-10",
        ),
        by=None,
    )


@pytest.fixture
def settlements(reference_data, centre):
    return make_settlements(12, centre=centre)


@pytest.fixture
def publisher(head_user):
    """Publish a new version of the list the way the head does, returning it."""

    def publish(year: int = 2026):
        draft = services.settlement_list_create(year=year, by=head_user)
        approved = services.settlement_list_approve(settlement_list=draft, by=head_user)
        return services.settlement_list_publish(settlement_list=approved, by=head_user)

    return publish


@pytest.fixture
def system_head(django_user_model, head_user):
    return get_user_model().objects.get(pk=head_user.pk)
