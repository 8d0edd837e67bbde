"""Text set in a reportlab ``Paragraph``: shown as typed, never read as markup.

A ``Paragraph`` parses its text as reportlab's mini-markup: ``<img src="/etc/...">`` draws a file
from the server's disk, ``<a href>`` makes a link, ``<font>`` restyles, and an unclosed ``<b>``
makes the build fail. Every Paragraph the portal builds gets its text through ``pdf_text``: the
markup characters are escaped and the line breaks typed by the user are kept as ``<br/>``.
"""

from typing import Any
from xml.sax.saxutils import escape


def pdf_text(value: Any) -> str:
    """``value`` as Paragraph markup that shows exactly its characters, line breaks kept."""
    text = escape(str(value), {'"': "&quot;"})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(lines)
