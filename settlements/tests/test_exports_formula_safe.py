"""The settlement list e-mailed to mobility centres and akimats: a settlement's name typed as a
formula is text in both attachments (CSV: behind an apostrophe; XLSX: a string cell)."""

import csv
import io

from openpyxl import load_workbook

from settlements import exports
from settlements.models import Settlement

FORMULA, PLUS = '=HYPERLINK("http://x")', "+1"


def test_formula_like_names_are_text_in_the_csv_and_the_xlsx(settlements, publisher):
    Settlement.objects.filter(pk=settlements[0].pk).update(name_kk=FORMULA, name_ru=PLUS)
    published = publisher()

    rows = list(csv.reader(io.StringIO(exports.list_csv(published).decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[0] == settlements[0].kato)
    assert row[1:3] == ["'" + FORMULA, "'" + PLUS]
    # Numbers and ordinary names are untouched.
    other = next(r for r in rows if r[0] == settlements[1].kato)
    assert other[1] == settlements[1].name_kk
    assert other[8] == str(settlements[1].population)

    sheet = load_workbook(io.BytesIO(exports.list_xlsx(published))).active
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == settlements[0].kato)
    assert [(c.value, c.data_type) for c in cells[1:3]] == [(FORMULA, "s"), (PLUS, "s")]
    assert cells[8].data_type == "n"
