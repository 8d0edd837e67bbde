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
