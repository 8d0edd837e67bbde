"""Staff search by IIN, document number or name, and an IIN never travels in a URL: the search
is a POST kept in the session, and no link the admin generates carries it."""

import re

import pytest

from registration.models import RegistrationRecord
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows

CHANGELIST = "/admin/registration/registrationrecord/"
SEARCH = "/admin/registration/registrationrecord/search/"


@pytest.fixture
def records(staff_user):
    import_batch_submit(content=csv_file(demo_rows(200, seed=41)), file_name="seed.csv", by=staff_user)
    return RegistrationRecord.objects.all()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _urls_in(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def test_searching_an_iin_keeps_it_out_of_every_url(staff_client, records):
    record = records.exclude(iin="").filter(kind="permanent").first()

    response = staff_client.post(SEARCH, {"term": record.iin, "filters": "kind=permanent&o=1"})

    assert response.status_code == 302
    # Back to the same filter; the term stays in the session.
    assert response["Location"] == f"{CHANGELIST}?kind=permanent"
    page = staff_client.get(response["Location"])
    assert record in page.context["cl"].result_list
    assert all(r.iin == record.iin for r in page.context["cl"].result_list)
    html = page.content.decode()
    # No link or form on the page (pagination, filters, sorting, the record, actions) carries it.
    urls = _urls_in(html)
    assert urls
    assert not [url for url in urls if record.iin in url]


def test_it_finds_a_person_by_iin(staff_client, records):
    record = records.exclude(iin="").first()

    staff_client.post(SEARCH, {"term": f" {record.iin} "})
    page = staff_client.get(CHANGELIST)

    assert list(page.context["cl"].result_list) == list(records.filter(iin=record.iin).order_by("-registered_on"))


def test_it_finds_a_person_by_document_number(staff_client, records):
    record = records.exclude(document_number="").first()

    staff_client.post(SEARCH, {"term": record.document_number.lower()})
    page = staff_client.get(CHANGELIST)

    assert record in page.context["cl"].result_list


def test_it_finds_people_by_surname_in_any_case_and_by_the_start_of_the_name(staff_client, records):
    record = records.first()

    staff_client.post(SEARCH, {"term": record.surname.lower()})
    by_surname = set(staff_client.get(CHANGELIST).context["cl"].result_list)
    staff_client.post(SEARCH, {"term": f"{record.surname.upper()} {record.name[:2]}"})
    by_full_name = set(staff_client.get(CHANGELIST).context["cl"].result_list)

    assert record in by_full_name <= by_surname
    assert all(r.surname == record.surname for r in by_surname)


def test_clearing_the_search_shows_everyone_again(staff_client, records):
    staff_client.post(SEARCH, {"term": "Nobody-by-this-name"})
    assert staff_client.get(CHANGELIST).context["cl"].result_count == 0

    staff_client.post(SEARCH, {"term": "Nobody-by-this-name", "clear": "1"})

    assert staff_client.get(CHANGELIST).context["cl"].result_count == records.count()


def test_an_iin_typed_into_the_url_is_dropped_not_searched(staff_client, records):
    record = records.exclude(iin="").first()

    for query in (f"q={record.iin}", f"kind=permanent&q={record.iin}", f"iin={record.iin}"):
        response = staff_client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 302
        assert record.iin not in response["Location"]


def test_the_search_box_posts(staff_client, records):
    html = staff_client.get(CHANGELIST).content.decode()

    form = re.search(r'<form id="changelist-search"[^>]*>', html).group(0)
    assert 'method="post"' in form
    assert f'action="{SEARCH}"' in form
    assert staff_client.get(SEARCH).status_code == 405
