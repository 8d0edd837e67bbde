"""An analyst orders a report in the admin, watches its progress and downloads it; only the
requester, staff and the head may take the file, and never through a public media URL."""

import datetime

import pytest

from monitoring.models import CITY, Indicator, Report
from monitoring.services import indicators_recompute, report_request
from monitoring.tests.conftest import ALMATY


@pytest.fixture
def ready_report(make_records, analyst_user, django_capture_on_commit_callbacks):
    make_records({"registered_on": datetime.date(2026, 1, 10), "arrived_from_country": "CHN"})
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            by=analyst_user, periods=["2026"], districts=[CITY], indicators=["immigration"], format="csv"
        )
    report.refresh_from_db()
    return report


def download(client, report):
    return client.get(f"/admin/monitoring/report/{report.pk}/download/")


def test_an_analyst_orders_a_report_from_the_admin(client, analyst_user, districts, django_capture_on_commit_callbacks):
    client.force_login(analyst_user)
    assert client.get("/admin/monitoring/report/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/monitoring/report/add/",
            {
                "format": "xlsx",
                "year": "2026",
                "granularity": ["year", "quarter"],
                "periods": "",
                "districts": [ALMATY, CITY],
                "indicators": list(
                    Indicator.objects.filter(code__in=["immigration", "emigration"]).values_list("pk", flat=True)
                ),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get()
    assert report.requested_by == analyst_user
    assert report.parameters["periods"] == ["2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert report.parameters["districts"] == [ALMATY, CITY]
    assert report.status == Report.Status.READY
    listing = client.get("/admin/monitoring/report/").content.decode()
    assert f"/admin/monitoring/report/{report.pk}/download/" in listing
    assert "<progress" in listing


def test_the_requester_downloads_the_file(client, analyst_user, ready_report):
    client.force_login(analyst_user)
    response = download(client, ready_report)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"immigration" in b"".join(response.streaming_content)


@pytest.mark.parametrize("user_fixture", ["staff_user", "head_user"])
def test_staff_and_the_head_may_download_it(request, client, ready_report, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert download(client, ready_report).status_code == 200


def test_another_analyst_may_not(client, ready_report, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("analyst2", password="x-password-1", is_staff=True)
    other.groups.add(Group.objects.get(name="analyst"))
    client.force_login(other)
    assert download(client, ready_report).status_code == 403
    # Nor does it appear in their list.
    assert client.get(f"/admin/monitoring/report/{ready_report.pk}/change/").status_code == 302


def test_anonymous_callers_are_sent_to_log_in(client, ready_report):
    response = download(client, ready_report)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_report_not_ready_is_not_found(client, analyst_user, ready_report):
    Report.objects.filter(pk=ready_report.pk).update(status=Report.Status.RUNNING)
    client.force_login(analyst_user)
    assert download(client, ready_report).status_code == 404


def test_the_file_has_no_public_url(ready_report, settings):
    from pathlib import Path

    # Stored outside MEDIA_ROOT, and the storage refuses to make a URL for it.
    assert not Path(ready_report.file.path).is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        ready_report.file.url  # noqa: B018
