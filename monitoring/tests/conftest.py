"""Helpers for monitoring tests: registration records written directly (bulk_create), valid data."""

import datetime
import itertools

import pytest

from kernel.territory.models import Region
from kernel.territory.selectors import astana_districts
from registration.models import RegistrationRecord

ALMATY, SARYARKA = "711210000", "711310000"
_numbers = itertools.count(1)


@pytest.fixture
def districts(reference_data):
    return {d.kato: d for d in astana_districts()}


@pytest.fixture
def regions(reference_data):
    return {r.kato: r for r in Region.objects.all()}


@pytest.fixture
def make_records(districts):
    """``make_records(dict(...), ...)``: one valid record per dict, overriding the defaults."""

    def make(*specs):
        rows = []
        for spec in specs:
            spec = dict(spec)
            district = spec.pop("district", ALMATY)
            n = next(_numbers)
            row = {
                "document_type": "id_card",
                "document_number": f"T{n:08d}",
                "surname": "Тестов",
                "name": "Тест",
                "birth_date": datetime.date(1990, 1, 1),
                "sex": "M",
                "citizenship": "KAZ",
                "category": "citizen",
                "ethnicity": "kazakh",
                "kind": "permanent",
                "district": districts[district] if isinstance(district, str) else district,
                "street": "Мәңгілік Ел",
                "building": "1",
                "registered_on": datetime.date(2026, 1, 15),
                "purpose": "family",
            }
            row.update(spec)
            rows.append(RegistrationRecord(**row))
        return RegistrationRecord.objects.bulk_create(rows)

    return make
