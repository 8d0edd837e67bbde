"""Each proposal as the official letter the Department sends to the authorised migration body
(rules p.4), in Kazakh or Russian: letterhead, outgoing number and date, the addressee, a subject that
names exactly what changes, a body of whole sentences, the evidence table, the head's signature
block kept with the text it closes, and page numbers.

Every sentence is one translatable string (a verb or a case ending slotted into a sentence cannot
be declined in Kazakh or Russian); every paragraph goes through ``pdf_text`` (what users typed is
shown, never read as markup). Set in DejaVu Sans (Debian's fonts-dejavu-core), which has every
Kazakh letter (ә ғ қ ң ө ұ ү һ і).
"""

import io

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kernel.pdf_fonts import FONT, FONT_BOLD, register_fonts
from kernel.pdf_text import pdf_text
from proposals.evidence import evidence_rows
from proposals.letter_grammar import quota_sentence, quota_subject, territory_sentence, territory_subject
from proposals.models import Kind, Proposal

PAGE_WIDTH = A4[0] - 40 * mm  # 25 mm left, 15 mm right: the margins of Kazakh official letters


def _numbered_canvas(page_label):
    """A canvas that writes "page N of M" at the foot of every page once the whole letter is laid out."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 9)
                self.drawRightString(A4[0] - 15 * mm, 10 * mm, page_label(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of the letter: its text escaped (a justification is typed by users)."""
    return Paragraph(pdf_text(text), style)


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _signatory(proposal: Proposal) -> str:
    """Who signs: the head who approved the letter (full name, else the username), or a blank line."""
    head = proposal.approved_by
    if head is None:
        return "_______________"
    return head.get_full_name() or head.get_username()


def _subject_and_sentence(proposal: Proposal) -> tuple[str, str]:
    if proposal.kind == Kind.TERRITORY:
        return territory_subject(proposal), territory_sentence(proposal)
    return quota_subject(proposal), quota_sentence(proposal)


def _styles():
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, firstLineIndent=10 * mm, alignment=4)
    return {
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=0),
        "letterhead": ParagraphStyle("letterhead", parent=body, fontName=FONT_BOLD, alignment=1, firstLineIndent=0),
        "subject": ParagraphStyle("subject", parent=body, fontName=FONT_BOLD, firstLineIndent=0, alignment=0),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=12),
        "cell_head": ParagraphStyle("cell_head", fontName=FONT_BOLD, fontSize=9.5, leading=12),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=9, leading=11),
    }


def _evidence_table(proposal: Proposal, styles) -> Table:
    rows = evidence_rows(proposal.evidence)
    data = [
        [
            Paragraph(pdf_text(name), styles["cell_head" if index == 0 else "cell"]),
            Paragraph(pdf_text(value), styles["cell_head" if index == 0 else "cell"]),
        ]
        for index, (name, value) in enumerate(rows)
    ]
    table = Table(data, colWidths=[PAGE_WIDTH - 45 * mm, 45 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
            ]
        )
    )
    return table


def proposal_letter_pdf(proposal: Proposal, language: str) -> bytes:
    """The official letter of ``proposal`` in ``language`` (kk or ru), as PDF bytes: the letterhead
    and reference, the subject, the body citing p.4 with the evidence, and the signature block."""
    register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    with translation.override(language):
        subject, sentence = _subject_and_sentence(proposal)
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=15 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=subject,
            author=_("Department of Employment and Social Protection of Astana"),
        )
        story = [
            *_letterhead(proposal, styles),
            _p(subject, styles["subject"]),
            Spacer(1, 5 * mm),
            *_body(proposal, sentence, styles),
            _closing(proposal, styles),
        ]
        doc.build(story, canvasmaker=_numbered_canvas(_page_label(language)))
    return buffer.getvalue()


def _letterhead(proposal: Proposal, styles) -> list:
    """The Department's name over a rule, then the outgoing number and date (blanks until sent)
    beside the addressee."""
    if proposal.outgoing_number and proposal.sent_on:
        reference = _("No. %(number)s of %(date)s") % {
            "number": proposal.outgoing_number,
            "date": _date(proposal.sent_on),
        }
    else:
        reference = _("No. ________ of «___» ____________ 20___")
    header = Table(
        [
            [
                _p(reference, styles["plain"]),
                _p(_("To the authorised body for migration of the population"), styles["plain"]),
            ]
        ],
        colWidths=[PAGE_WIDTH * 0.5, PAGE_WIDTH * 0.5],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        _p(_("Department of Employment and Social Protection of Astana"), styles["letterhead"]),
        _p(_("Astana city"), styles["letterhead"]),
        Spacer(1, 3 * mm),
        Table([[""]], colWidths=[PAGE_WIDTH], style=[("LINEABOVE", (0, 0), (-1, -1), 1, colors.black)]),
        Spacer(1, 4 * mm),
        header,
        Spacer(1, 8 * mm),
    ]


def _body(proposal: Proposal, sentence: str, styles) -> list:
    """Full sentences citing p.4, the grounds, and the monitoring figures frozen at submission."""
    submitted = proposal.submitted_at or timezone.now()
    return [
        _p(
            _(
                "In accordance with point 4 of the Rules for regulating migration processes in Astana, approved "
                "by decision No. 149/19-VIII of the Astana city maslikhat of 7 March 2024, %(sentence)s"
            )
            % {"sentence": sentence},
            styles["body"],
        ),
        Spacer(1, 2 * mm),
        _p(_("The grounds for the proposal:"), styles["body"]),
        _p(proposal.justification, styles["body"]),
        Spacer(1, 4 * mm),
        _p(
            _("The figures of the Department's monitoring as of %(date)s:")
            % {"date": _date(timezone.localtime(submitted).date())},
            styles["body"],
        ),
        Spacer(1, 2 * mm),
        _evidence_table(proposal, styles),
        Spacer(1, 6 * mm),
    ]


def _closing(proposal: Proposal, styles):
    """The closing request and the head's signature block, kept together on one page."""
    signature = Table(
        [[_p(_("Head of the Department"), styles["plain"]), _p(_signatory(proposal), styles["plain"])]],
        colWidths=[PAGE_WIDTH * 0.6, PAGE_WIDTH * 0.4],
    )
    signature.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    return KeepTogether(
        [
            _p(
                _("We ask you to consider the proposal and to inform the Department of the decision taken."),
                styles["body"],
            ),
            Spacer(1, 12 * mm),
            signature,
        ]
    )


def _page_label(language: str):
    with translation.override(language):
        template = pgettext("page numbers", "page %(page)s of %(total)s")

    def label(page: int, total: int) -> str:
        return template % {"page": page, "total": total}

    return label
