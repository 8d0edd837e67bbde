"""The letter renders in Kazakh and in Russian, with its evidence table."""

import io

import pytest
from pypdf import PdfReader

from proposals import services
from proposals.letters import proposal_letter_pdf


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ["басқармасы", "ұсынады", "қағидалар"]),
        ("ru", ["управление", "предлагает", "правил"]),
    ],
)
def test_the_letter_renders_in_each_language(quota_proposal, staff_user, language, words):
    p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
    text = _text(proposal_letter_pdf(p, language))
    for word in words:
        assert word in text.lower(), word
    # The evidence table carries the frozen quota figures.
    assert "100" in text
    assert p.justification[:20] in text.replace("\n", " ")


MARKUP = 'See <img src="/etc/passwd"/> and <a href="http://x">the table</a>; <b>unclosed & more'


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_markup_typed_in_a_justification_is_printed_not_obeyed(quota, staff_user, language):
    # reportlab reads Paragraph text as markup: unescaped, this draws a file from the server's disk,
    # makes a link, and the unclosed <b> fails the build (a 500 for whoever opens the letter).
    proposal = services.proposal_create(
        kind="regional",
        direction="increase",
        quota=quota,
        amount=40,
        horizon="",
        justification=f"First line.\n{MARKUP}\nLast line.",
        by=staff_user,
    )
    pdf = proposal_letter_pdf(proposal, language)

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for literal in ('<img src="/etc/passwd"/>', '<a href="http://x">the table</a>', "<b>unclosed & more"):
        assert literal in flat, literal
    # The user's line breaks are kept: each typed line starts a line of its own.
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.endswith("First line.") for line in lines), lines
    assert "Last line." in lines, lines
    # Nothing was embedded and nothing links anywhere.
    for page in reader.pages:
        assert "/Annots" not in page
        resources = page.get("/Resources") or {}
        assert not (resources.get("/XObject") or {}), "no image drawn"
