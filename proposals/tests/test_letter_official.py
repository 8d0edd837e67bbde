"""The proposal letter is an official letter (issue 12): letterhead, outgoing number and date, the
addressee, a subject naming exactly what changes, whole sentences citing rules p.4, translated units
and numbers written the language's way, the head's signature kept with the closing sentence, page
numbers. The tests read the PDF's text back."""

import io
import os
import re

import pytest
import time_machine
from pypdf import PdfReader

from monitoring.services import indicator_value_enter
from proposals import services
from proposals.letters import proposal_letter_pdf

SUBJECTS = {
    "kk": "Павлодар облысы бойынша 2026 жылға арналған қандастарды қабылдаудың өңірлік квотасын 100 адамнан "
    "140 адамға дейін ұлғайту туралы",
    "ru": "Об увеличении региональной квоты приёма кандасов по Павлодарской области на 2026 год с 100 до 140 человек",
}
CLOSING = {"kk": "хабарлауыңызды сұраймыз", "ru": "сообщить Управлению о принятом решении"}
PAGE = {"kk": "беттің 1-беті", "ru": "страница 1 из"}


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def sent(quota_proposal, staff_user, head_user):
    from monitoring.models import Indicator

    density = Indicator.objects.get(code="population_density")
    indicator_value_enter(indicator=density, period="2025", district=None, value=1850, source_document="БНС", by=None)
    head_user.first_name, head_user.last_name = "Ерлан", "Сәрсенбаев"
    head_user.save()
    with time_machine.travel("2026-03-02T10:00:00+05:00", tick=False):
        p = services.proposal_submit(proposal=quota_proposal, by=staff_user)
        p = services.proposal_approve(proposal=p, by=head_user)
        import datetime

        return services.proposal_send(
            proposal=p, outgoing_number="01-12/345", sent_on=datetime.date(2026, 3, 2), by=staff_user
        )


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_letter_names_exactly_what_changes_and_who_signs(sent, language):
    pdf = proposal_letter_pdf(sent, language)
    if os.environ.get("LETTER_PDF_DIR"):
        with open(os.path.join(os.environ["LETTER_PDF_DIR"], f"letter-{language}.pdf"), "wb") as out:
            out.write(pdf)
    pages = _pages(pdf)
    text = " ".join(pages)
    assert SUBJECTS[language] in text
    assert "01-12/345" in text and "02.03.2026" in text
    assert ("149/19-VIII" in text) and ("4-тармағына" in text if language == "kk" else "пунктом 4" in text)
    # Units translated, numbers written the language's way, no codes.
    for code in ("persons_per_km2", "percent", "persons "):
        assert code not in text
    assert not re.search(r"\d адамдар", text)  # the noun stays singular after a number in Kazakh
    assert "1 850" in text.replace("\u00a0", " ")
    # The head's name in the signature block, on the page of the closing sentence.
    last = pages[-1]
    assert "Сәрсенбаев" in last and CLOSING[language] in last
    assert PAGE[language] in pages[0]


def test_an_unsent_letter_leaves_the_number_and_date_blank(quota_proposal):
    (page,) = _pages(proposal_letter_pdf(quota_proposal, "ru"))
    assert "№ ________ от «___» ____________ 20___ г." in page


def test_a_long_letter_keeps_the_signature_with_its_closing_sentence(quota, staff_user, head_user):
    long = "\n".join(f"{n}. Келушілер саны тұрақты өсуде, орындар жетпейді." for n in range(1, 70))
    proposal = services.proposal_create(
        kind="regional", direction="increase", quota=quota, amount=40, justification=long, by=staff_user
    )
    pages = _pages(proposal_letter_pdf(proposal, "ru"))
    assert len(pages) >= 2
    closing_page = next(i for i, page in enumerate(pages) if CLOSING["ru"] in page)
    assert "Руководитель Управления" in pages[closing_page]
    assert f"страница {len(pages)} из {len(pages)}" in pages[-1]
