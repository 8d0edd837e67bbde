"""The dashboard: an admin page listed under the monitoring app, charts as server-rendered SVG."""

import datetime
import re

import pytest

from kernel.charts import palette
from monitoring.models import IndicatorValue
from monitoring.services import indicators_recompute, natural_increase_enter
from monitoring.tests.conftest import ALMATY, SARYARKA

DASHBOARD = "/admin/monitoring/dashboard/"


@pytest.fixture
def alert(make_records, districts):
    make_records(
        {
            "district": SARYARKA,
            "registered_on": datetime.date(2020, 1, 1),
            "deregistered_on": datetime.date(2026, 2, 1),
            "departed_to_country": "RUS",
        }
    )
    indicators_recompute(year=2026, today=datetime.date(2026, 12, 31))
    natural_increase_enter(
        period="2026-Q1", district=districts[SARYARKA], births=0, deaths=0, source_document="x", by=None
    )


def test_it_is_linked_from_the_app_index(client, analyst_user):
    client.force_login(analyst_user)
    assert DASHBOARD in client.get("/admin/monitoring/").content.decode()


def test_it_shows_indicators_and_open_alerts_as_svg_charts(client, analyst_user, alert):
    client.force_login(analyst_user)
    response = client.get(DASHBOARD, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 3
    assert "2026 ж. 1-тоқсан" in html and "2026-Q1" not in html  # the open alert, by name
    assert "Қаң." in html and "Жел." in html  # months by name on the flows' chart
    # Arrivals and outflow in their meanings' colours, the same as in the PDF report.
    assert f'fill="{palette.colour(palette.ARRIVALS)}"' in html
    assert f'fill="{palette.colour(palette.OUTFLOW)}"' in html
    # No inline scripts: every script the page has is a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_it_refuses_users_without_a_monitoring_role(client, mobility_user, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="x-password-1", is_staff=True)
    client.force_login(outsider)
    assert client.get(DASHBOARD).status_code == 403


def test_it_lets_staff_recompute_on_demand(client, staff_user, make_records, django_capture_on_commit_callbacks):
    make_records({"registered_on": datetime.date(2026, 1, 10), "arrived_from_country": "CHN"})
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{DASHBOARD}recompute/", {"year": 2026})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="immigration", period="2026-01", area=ALMATY).value == 1


def test_it_does_not_let_analysts_recompute(client, analyst_user):
    client.force_login(analyst_user)
    assert client.post(f"{DASHBOARD}recompute/", {"year": 2026}).status_code == 403
    assert client.get(f"{DASHBOARD}recompute/").status_code == 405


def test_it_speaks_kazakh_by_default(client, analyst_user):
    client.force_login(analyst_user)
    html = client.get(DASHBOARD).content.decode()
    assert "Мониторинг тақтасы" in html
    assert "Monitoring dashboard" not in html
