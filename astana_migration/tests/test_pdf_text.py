"""pdf_text: what a user typed goes into a reportlab Paragraph as text, never as markup."""

import io

from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from kernel.pdf_text import pdf_text


def _pdf_lines(text: str) -> list[str]:
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph(pdf_text(text), getSampleStyleSheet()["Normal"])])
    return [line.strip() for line in PdfReader(out).pages[0].extract_text().splitlines()]


def test_it_escapes_the_markup_characters_and_keeps_line_breaks():
    assert pdf_text('<b>"A" & B</b>\r\nnext\rlast') == "&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;<br/>next<br/>last"


def test_a_paragraph_shows_tags_and_entities_as_typed():
    lines = _pdf_lines('<font size="40">big</font> &amp; <b>bold\n<img src="/etc/passwd"/>')
    assert lines == ['<font size="40">big</font> &amp; <b>bold', '<img src="/etc/passwd"/>']
