"""One chart module for the portal (kernel.charts) and one way of writing numbers (kernel.numbers)."""

import pathlib
import re
from decimal import Decimal

import pytest
from django.utils import translation

from kernel import charts
from kernel.charts import palette
from kernel.numbers import count_text, decimal_text, machine_number, percent_text, value_text
from kernel.spreadsheets import sheet_title
from monitoring.periods import Period

ROOT = pathlib.Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def _production_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "var", "bench"} or "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_only_the_chart_package_writes_svg():
    writers = {
        str(path.relative_to(ROOT)) for path in _production_files() if "<svg" in path.read_text(encoding="utf-8")
    }
    assert writers == {"kernel/charts/svg.py"}


@pytest.mark.parametrize(
    ("language", "count", "decimal", "value", "percent"),
    [
        ("kk", f"20{NBSP}778", f"1{NBSP}850,5", "12,5", f"99{NBSP}%"),
        ("ru", f"20{NBSP}778", f"1{NBSP}850,5", "12,5", f"99{NBSP}%"),
        ("en", "20,778", "1,850.5", "12.5", f"99{NBSP}%"),
    ],
)
def test_numbers_are_written_the_languages_way(language, count, decimal, value, percent):
    with translation.override(language):
        assert count_text(20778) == count
        assert count_text(Decimal("7.00")) == "7"  # persons are whole
        assert decimal_text(Decimal("1850.5")) == decimal
        assert value_text(Decimal("12.50")) == value
        assert value_text(Decimal("4.00")) == "4"
        assert percent_text(99.6) == percent  # not yet full
        assert percent_text(0.2) == f"<1{NBSP}%"
        assert count_text(None) == "—"


def test_files_take_numbers_not_text():
    assert machine_number(Decimal("4.00")) == 4 and isinstance(machine_number(Decimal("4.00")), int)
    assert machine_number("2.5") == 2.5
    assert machine_number(None) is None


def test_periods_and_months_are_named_in_the_readers_language():
    with translation.override("kk"):
        assert Period.parse("2026-Q1").label == "2026 ж. 1-тоқсан"
        assert Period.parse("2026-03").label == "Наурыз 2026"
        assert charts.month_label(1) == "Қаң."
    with translation.override("ru"):
        assert Period.parse("2026-Q1").label == "1 кв. 2026"
        assert charts.month_label(1, 2026) == "Янв. 2026"
    assert str(Period.parse("2026-Q1")) == "2026-Q1"  # files and the API keep the machine's form


def _rects(svg: str) -> list[dict]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<rect[^>]*>", svg)]


def test_a_negative_value_is_drawn_below_the_labelled_zero_line():
    svg = str(charts.bar_chart(["A", "B"], [charts.Series("net", [-50, 100], palette.NET_MIGRATION)], title="t"))
    zero = re.search(r'<line class="grid axis"[^>]*y1="([\d.]+)"', svg)
    assert zero, "the zero line is drawn"
    zero_y = float(zero.group(1))
    bars = [r for r in _rects(svg) if r.get("fill") == palette.colour(palette.NET_MIGRATION) and "width" in r]
    negative, positive = bars[0], bars[1]
    assert float(negative["y"]) == pytest.approx(zero_y, abs=0.1)  # hangs down from the line
    assert float(positive["y"]) + float(positive["height"]) == pytest.approx(zero_y, abs=0.1)
    assert ">-50<" in svg.replace("\u2212", "-") and ">0<" in svg  # the axis is labelled
    assert ">net<" in svg  # the legend names the series


def test_one_colour_per_meaning_on_every_chart():
    flows = str(charts.bar_chart(["x"], [charts.Series("arrivals", [3], palette.ARRIVALS)], title="t"))
    alerts = str(charts.hbar_chart(["x"], charts.Series("arrivals", [3], palette.ARRIVALS), title="t"))
    blue = palette.colour(palette.ARRIVALS)
    assert f'fill="{blue}"' in flows and f'fill="{blue}"' in alerts
    assert len(set(palette.COLOURS.values())) == len(palette.COLOURS)  # no two meanings share a colour
    assert not set(palette.TERRITORIES) & set(palette.COLOURS.values())


def test_a_chart_that_leaves_bars_out_says_how_many():
    with translation.override("ru"):
        svg = str(charts.hbar_chart(["a", "b"], charts.Series("x", [1, 2], palette.EXCESS), title="t", left_out=38))
    assert "и ещё 38, список ниже" in svg


def test_labels_are_escaped():
    svg = str(charts.bar_chart(["<b>"], [charts.Series("<script>", [1], palette.ARRIVALS)], title="a & b"))
    assert "<script>" not in svg and "<b>" not in svg and "&amp;" in svg


def test_a_sheet_is_titled_by_its_name_within_excels_rules():
    assert sheet_title("Көшіп келу (шетелден келгендер)", []) == "Көшіп келу (шетелден келгендер)"
    long = sheet_title("Халықтың тығыздығы: тұрғылықты жері бойынша тіркелген халық", [])
    assert len(long) <= 31 and long.endswith("…") and long.startswith("Халықтың тығыздығы")
    assert sheet_title("a/b [c]: d?", []) == "a b c d"
    assert sheet_title("Есеп", ["ЕСЕП"]) == "Есеп (2)"  # Excel ignores case


@pytest.mark.django_db
def test_an_indicator_values_title_is_names_not_codes():
    from monitoring.models import CITY, Indicator, IndicatorValue

    value = IndicatorValue(indicator=Indicator.objects.get(code="natural_increase"), period="2024-Q1", area=CITY)
    with translation.override("ru"):
        title = str(value)
    assert title.startswith("Естественный прирост") and title.endswith(" · 1 кв. 2024 · Астана (весь город)")
    assert "natural_increase" not in title and "710000000" not in title


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("kk", f"20{NBSP}778"), ("ru", f"20{NBSP}778"), ("en", "20,778")])
def test_a_lists_counts_are_written_the_languages_way(client, staff_user, language, expected):
    from tests.role_matrix_objects import make_settlement

    settlement = make_settlement()
    settlement.population = 20778
    settlement.save(update_fields=["population"])
    client.force_login(staff_user)
    client.cookies["django_language"] = language
    html = client.get("/admin/settlements/settlement/", {"o": "5"}).content.decode()
    assert expected in html and ">20778<" not in html
    assert 'class="sortable column-population' in html  # still sorted by its field
