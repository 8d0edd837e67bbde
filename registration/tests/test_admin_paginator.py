"""The admin list never counts a large result: it takes PostgreSQL's estimate instead."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from registration import pagination
from registration.models import RegistrationRecord
from registration.pagination import EstimatedCountPaginator
from registration.services import import_batch_submit
from registration.tests.conftest import csv_file, demo_rows


def _records(staff_user, count):
    import_batch_submit(content=csv_file(demo_rows(count)), file_name="seed.csv", by=staff_user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registration_registrationrecord")
    return RegistrationRecord.objects.all()


def test_a_small_result_is_counted_exactly(staff_user):
    records = _records(staff_user, 300)

    paginator = EstimatedCountPaginator(records.filter(kind="permanent"), 50)

    assert paginator.count == records.filter(kind="permanent").count()
    assert not paginator.is_estimate


def test_a_large_result_is_estimated_without_a_full_count(staff_user, monkeypatch):
    records = _records(staff_user, 300)
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 100)  # "large" is 10,000 rows; here 100

    paginator = EstimatedCountPaginator(records, 50)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count

    assert paginator.is_estimate
    assert abs(count - 300) <= 30
    assert [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()] == []


def test_the_list_says_about_when_it_estimates(client, staff_user, monkeypatch):
    _records(staff_user, 300)
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 100)
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"

    html = client.get("/admin/registration/registrationrecord/").content.decode()

    assert "about 300 records" in html or "about 299 records" in html or "about 301 records" in html
