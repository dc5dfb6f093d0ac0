"""The chronology as a PDF a LADO or police officer can read, made with ReportLab (BSD).

It uses the Bitstream Vera font that ships inside ReportLab, embedded in the PDF, so accented
Latin text (é, ü, £, €, ł, curly quotes) prints as written on any machine. A character the font
lacks is printed without its accent (ŵ as w) or as "?", and the PDF says so: the exact text is
always in ``chronology.txt`` beside it.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from safepost.incidents.actions import describe
from safepost.incidents.store import Entry

FONT = "SafepostVera"
FONT_BOLD = "SafepostVeraBold"


@cache
def _font_glyphs() -> frozenset[int]:
    folder = Path(reportlab.__file__).parent / "fonts"
    regular = TTFont(FONT, str(folder / "Vera.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "VeraBd.ttf")))
    return frozenset(regular.face.charToGlyph)


def printable(text: str) -> tuple[str, bool]:
    """``text`` with characters the font lacks replaced; True when anything was replaced."""
    glyphs = _font_glyphs()
    out: list[str] = []
    changed = False
    for ch in text:
        if ord(ch) in glyphs or ch in "\n\t":
            out.append(ch)
            continue
        changed = True
        base = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if ord(c) in glyphs and not unicodedata.combining(c)
        )
        out.append(base or "?")
    return "".join(out), changed


# The entry times are the computer's clock in UTC; "When:" is the time the person typed, in their
# own local time. A LADO or officer must not read one as the other.
TIMES_NOTE = (
    "Entry times are UTC (when each entry was recorded); a 'When' inside an entry is the time "
    "the person gave, in their local time."
)


def chronology_pdf(
    incident: int, title: str, entries: list[Entry], exported: str, by: str, head: str
) -> bytes:
    _font_glyphs()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=9, textColor=colors.HexColor("#444444"))
    heading = ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=14, leading=18)
    replaced = False

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        nonlocal replaced
        shown, changed = printable(text)
        replaced |= changed
        return Paragraph(escape(shown).replace("\n", "<br/>"), style)

    story: list[object] = [
        para(f"Incident {incident}: {title}", heading),
        Spacer(1, 3 * mm),
        para(
            f"Chronology exported {exported} by {by}. {TIMES_NOTE} Entries are never edited: "
            "a correction is a later entry that names the entry it corrects."
        ),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[object]] = [[para("#"), para("When (UTC)"), para("By"), para("What")]]
    for entry in entries:
        rows.append(
            [
                para(str(entry.seq)),
                para(entry.at.replace("T", " ").rstrip("Z")),
                para(entry.by),
                [para(describe(entry)), para(f"SHA-256 {entry.hash}", small)],
            ]
        )
    # splitInRow: an entry taller than a page (a long pasted message) flows onto the next page
    # instead of failing the whole export with a LayoutError.
    table = LongTable(rows, colWidths=[10 * mm, 32 * mm, 30 * mm, 108 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]
        )
    )
    story += [table, Spacer(1, 5 * mm)]
    story.append(
        para(
            f"Last entry's fingerprint: {entries[-1].hash}. Whole record's fingerprint at export: {head}. "
            "README.txt in this bundle explains how to check the files and the chain with sha256sum, "
            "shasum or certutil.",
            small,
        )
    )
    if replaced:
        story.append(
            para(
                "Some characters could not be shown in this PDF and were printed without their accents "
                "or as '?'. chronology.txt in this bundle has the exact text.",
                small,
            )
        )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Incident {incident} chronology",
        author="safepost",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    doc.build(story)
    return buffer.getvalue()
