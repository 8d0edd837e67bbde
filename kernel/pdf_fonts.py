"""The one font set-up of the portal's PDFs (letters, reports): Kazakh and Russian letters (ә ғ қ ң
ө ұ ү һ і …) need a Unicode TrueType font, so DejaVu Sans (regular and bold) is registered from
``settings.PDF_FONT_DIR`` — the Debian package fonts-dejavu-core; none is committed."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register_fonts() -> None:
    """Register the fonts once per process; a clear error naming the setting when they are missing."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    font_dir = Path(str(settings.PDF_FONT_DIR))
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    missing = [str(path) for path in (regular, bold) if not path.is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"PDFs need the DejaVu fonts for Kazakh and Russian text; missing: {', '.join(missing)}. "
            "Install the Debian package fonts-dejavu-core, or point PDF_FONT_DIR at a folder holding "
            "DejaVuSans.ttf and DejaVuSans-Bold.ttf."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
