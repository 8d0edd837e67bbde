"""The admin's start page: quota utilisation by region, the settlement list and its deliveries, open
outflow alerts with their plans, and the proposals waiting for the user — each part only for those
who may see it, in Kazakh and Russian, with charts as SVG drawn on the server (no script)."""

import datetime
import re

import pytest
from django.utils import translation

from astana_migration.start_page import start_page
from kernel import charts
from kernel.charts import bars
from kernel.numbers import percent_text
from proposals.services import proposal_approve, proposal_submit
from settlements.models import Recipient
from settlements.selectors import forget_current_list
from tests import role_matrix_objects as objects

# Runs today and again at the calendar's edges (conftest.CALENDAR_EDGES).
pytestmark = pytest.mark.calendar

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _deliveries_stay_here(settings, tmp_path):
    settings.LABOUR_EXCHANGE_URL = None
    settings.LABOUR_EXCHANGE_OUTBOX_DIR = tmp_path / "labour-exchange"
    settings.SETTLEMENTS_PAGES_DIR = tmp_path / "pages"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    forget_current_list()
    yield
    forget_current_list()


@pytest.fixture
def portal(staff_user, head_user, analyst_user, django_capture_on_commit_callbacks):
    """A kandas quota of Pavlodar region with one family admitted, a published settlement list whose
    deliveries went out (e-mail to one akimat, the Labour Exchange as a file), an open outflow
    alert, and two proposals: one under review, one approved."""
    admission = objects.make_admission()
    Recipient.objects.create(
        code="akimat-1", kind="rural_akimat", name="Ауылдық округ әкімдігі", email="akimat@example.kz"
    )
    with django_capture_on_commit_callbacks(execute=True):
        objects.published_version()
    objects.make_outflow_alert()
    under_review = proposal_submit(proposal=objects.make_proposal(), by=staff_user)
    approved = proposal_approve(proposal=proposal_submit(proposal=objects.make_proposal(), by=staff_user), by=head_user)
    return {"admission": admission, "under_review": under_review, "approved": approved}


def test_staff_see_every_part_with_the_proposals_they_send(portal, staff_user):
    parts = start_page(staff_user, today=TODAY)
    assert set(parts) == {"quotas", "settlement_list", "alerts", "proposals"}
    quotas = parts["quotas"]
    assert (quotas["year"], quotas["persons"], quotas["families"], quotas["limit"]) == (2026, 1, 1, 50)
    deliveries = parts["settlement_list"]["deliveries"]
    assert deliveries["counts"] == {"sent": 2, "pending": 0, "failed": 0}  # the Exchange and the akimat
    assert parts["alerts"].count == 1
    assert [p.pk for p in parts["proposals"].rows] == [portal["approved"].pk]  # staff send approved ones


def test_the_head_sees_what_waits_for_approval(portal, head_user):
    parts = start_page(head_user, today=TODAY)
    # The head holds staff's rights too: approves under review, and may send approved ones.
    assert {p.pk for p in parts["proposals"].rows} == {portal["under_review"].pk, portal["approved"].pk}


def test_analysts_see_no_deliveries_no_proposals_and_no_personal_data(portal, analyst_user, client):
    parts = start_page(analyst_user, today=TODAY)
    assert set(parts) == {"quotas", "settlement_list", "alerts"}
    assert parts["settlement_list"]["deliveries"] is None
    client.force_login(analyst_user)
    html = client.get("/admin/").content.decode()
    admission = portal["admission"]
    for personal in (admission.head_iin, admission.head_surname):
        assert personal not in html
    assert 'id="start-proposals"' not in html
    assert "settlements/delivery/" not in html


def test_the_page_shows_utilisation_as_an_svg_chart_without_script(portal, staff_user, client):
    client.force_login(staff_user)
    client.cookies["django_language"] = "kk"
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script anywhere
    chart = re.search(r'<svg class="portal-chart".*?</svg>', html, re.S).group(0)
    assert "Павлодар облысы" in chart
    assert "1 / 50 · 2\u00a0%" in chart
    # The sections of the portal are still there, below.
    assert html.index('id="start-quotas"') < html.index('class="portal-sections"') < html.index("app-quotas")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["Квоталардың пайдаланылуы, 2026", "Елді мекендер тізімі", "Жіберілді: 2"]),
        ("ru", ["Использование квот, 2026", "Перечень населённых пунктов", "Отправлено: 2"]),
    ],
)
def test_the_page_speaks_kazakh_and_russian(portal, staff_user, client, language, words):
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get("/admin/").content.decode()
    for word in words:
        assert word in html, word


def test_before_anything_happened_the_parts_say_so(staff_user, client):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    html = client.get("/admin/").content.decode()
    assert "No quota has been set for this year yet." in html
    assert "No version of the settlement list has been published yet." in html
    assert "No outflow alert is open." in html
    assert "No proposal waits for your step." in html


def test_a_user_who_may_see_none_of_it_gets_the_plain_list_of_sections(reference_data, django_user_model, client):
    clerk = django_user_model.objects.create_user("clerk", password="test-password-123", is_staff=True)
    client.force_login(clerk)
    html = client.get("/admin/").content.decode()
    assert "portal-start" not in html
    assert start_page(clerk) == {}


def test_the_quota_chart_shows_the_latest_year_when_none_covers_this_one(reference_data):
    objects.make_quota()  # 2026 only
    assert start_page_year(datetime.date(2031, 1, 1)) == 2026


def start_page_year(today):
    from astana_migration.start_page import quotas_part

    return quotas_part(today=today)["year"]


def test_bars_turn_amber_from_90_and_red_when_full():
    from quotas.utilisation import utilisation_level

    levels = [utilisation_level(used, 100) for used in (0, 89, 90, 99, 100)]
    assert levels == ["ok", "ok", "warn", "warn", "full"]
    assert [percent_text(p) for p in (None, 0, 0.4, 2.5, 99.6, 100)] == [
        "—",
        "0\xa0%",
        "<1\xa0%",
        "2\xa0%",
        "99\xa0%",
        "100\xa0%",
    ]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["Жоспар қарқыны бойынша осы уақытқа күтілгені", "жоспар бойынша"]),
        ("ru", ["Ожидается к этому дню по плану", "по плану"]),
    ],
)
def test_each_bar_is_coloured_by_its_status_with_the_plan_s_pace_marked(portal, staff_user, language, words):
    """The portal's Pavlodar kandas quota: 50 places for 2026, one family of one person admitted on
    2 March; on 25 November the plan expects round(50 × 329 / 365) = 45 persons, and nothing came in
    the last 90 days: behind. The tick stands at 45/50 of the bar's length."""
    with translation.override(language):
        chart = str(start_page(staff_user, today=TODAY)["quotas"]["chart"])
    assert '<g class="row fill-behind">' in chart
    tick = re.search(r'<line class="pace" x1="([\d.]+)"', chart)
    assert float(tick.group(1)) == pytest.approx(
        bars.LABEL_W + 0.9 * (bars.WIDTH - bars.LABEL_W - bars.VALUE_W), abs=0.1
    )
    # The legend names the status shown and the tick; the tooltip the status and the expected figure.
    legend = re.findall(r'<text class="legend"[^>]*>([^<]*)</text>', chart)
    assert len(legend) == 2 and legend[1].lower().startswith(words[0].lower()[:12])
    assert "45" in re.search(r"<title>Павлодар[^<]*</title>", chart).group(0)


def test_chart_labels_are_escaped():
    svg = charts.utilisation_chart([("<b>kind</b>", [charts.Bar("<script>", 1, 2, 50.0)])], title="t & t")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "t &amp; t" in svg


def test_the_kind_headings_follow_the_language(portal, staff_user):
    with translation.override("ru"):
        chart = str(start_page(staff_user, today=TODAY)["quotas"]["chart"])
    assert "региональная квота приема кандасов" in chart.lower()
