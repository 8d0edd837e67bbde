"""Each proposal as an official letter (PDF) in Kazakh or Russian, with its evidence table.

The text is built under ``translation.override(language)`` from the same translatable strings
as the rest of the portal (every paragraph through ``pdf_text``: what users typed is shown, never
read as markup), and set in DejaVu Sans (Debian's fonts-dejavu-core), which has every
Kazakh letter (ә ғ қ ң ө ұ ү һ і).
"""

import io
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kernel.pdf_text import pdf_text
from proposals.evidence import evidence_rows
from proposals.models import Direction, Kind, Proposal

FONT_DIR = Path(getattr(settings, "PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT, FONT_BOLD = "PortalSans", "PortalSans-Bold"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise ImproperlyConfigured(
            f"DejaVu fonts not found in {FONT_DIR}: install the Debian package fonts-dejavu-core or set PDF_FONT_DIR."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))


def _subject(proposal: Proposal) -> str:
    # Whole sentences per direction: a verb slotted into a sentence cannot be declined in Kazakh.
    if proposal.kind == Kind.TERRITORY:
        if proposal.direction == Direction.ASSIGN:
            text = _("On assigning the territory “%(district)s” to the regions for settling kandases and resettlers")
        else:
            text = _(
                "On not assigning the territory “%(district)s” to the regions for settling kandases and resettlers"
            )
        return text % {"district": proposal.district.name}
    if proposal.direction == Direction.INCREASE:
        text = _("On increasing by %(amount)s persons: %(kind)s")
    else:
        text = _("On decreasing by %(amount)s persons: %(kind)s")
    return text % {
        "kind": proposal.get_kind_display(),
        "amount": formats.number_format(proposal.amount, force_grouping=True),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Every paragraph of the letter: its text escaped (a justification is typed by users)."""
    return Paragraph(pdf_text(text), style)


def proposal_letter_pdf(proposal: Proposal, language: str) -> bytes:
    """The official letter of ``proposal`` in ``language`` (kk or ru), as PDF bytes."""
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15)
    head = ParagraphStyle("head", parent=body, fontName=FONT_BOLD, fontSize=12, alignment=1)
    right = ParagraphStyle("right", parent=body, alignment=2)
    buffer = io.BytesIO()
    with translation.override(language):
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=15 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=_subject(proposal),
            author=_("Department of Employment and Social Protection of Astana"),
        )
        number = proposal.outgoing_number or _("draft")
        date = formats.date_format(proposal.sent_on, "DATE_FORMAT") if proposal.sent_on else "—"
        story = [
            _paragraph(_("Department of Employment and Social Protection of Astana"), head),
            Spacer(1, 6 * mm),
            _paragraph(_("Outgoing No. %(number)s of %(date)s") % {"number": number, "date": date}, body),
            _paragraph(_("To the authorised body for migration of the population"), right),
            Spacer(1, 8 * mm),
            _paragraph(_subject(proposal), head),
            Spacer(1, 5 * mm),
            _paragraph(
                _(
                    "Under point 4 of the Rules for regulating migration processes in Astana (decision of the "
                    "Astana city maslikhat No. 149/19-VIII of 7 March 2024), the Department proposes:"
                ),
                body,
            ),
            Spacer(1, 3 * mm),
            _paragraph(_subject(proposal) + ".", body),
            Spacer(1, 3 * mm),
            _paragraph(_("Justification: %(text)s") % {"text": proposal.justification}, body),
            Spacer(1, 5 * mm),
            _paragraph(_("Evidence (as of submission)"), head),
            Spacer(1, 2 * mm),
        ]
        table = Table(evidence_rows(proposal.evidence), colWidths=[110 * mm, 50 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ]
            )
        )
        story += [table, Spacer(1, 12 * mm), _paragraph(_("Head of the Department"), body)]
        doc.build(story)
    return buffer.getvalue()
