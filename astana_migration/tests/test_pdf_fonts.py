"""One font set-up for every PDF (kernel/pdf_fonts.py): a missing font is a clear error naming the
setting and the Debian package, and the letter and the report are set in the same font."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics

from kernel import pdf_fonts


def test_missing_fonts_name_the_setting_and_the_package(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])
    settings.PDF_FONT_DIR = str(tmp_path)
    with pytest.raises(ImproperlyConfigured) as refused:
        pdf_fonts.register_fonts()
    assert "PDF_FONT_DIR" in str(refused.value) and "fonts-dejavu-core" in str(refused.value)
    assert str(tmp_path / "DejaVuSans.ttf") in str(refused.value)


def test_the_letter_and_the_report_share_the_font():
    from monitoring.reports import pdf_report
    from proposals import letters

    assert letters.FONT == pdf_report.FONT == pdf_fonts.FONT
    pdf_fonts.register_fonts()
    assert {pdf_fonts.FONT, pdf_fonts.FONT_BOLD} <= set(pdfmetrics.getRegisteredFontNames())
