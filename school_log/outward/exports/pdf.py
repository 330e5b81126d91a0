"""The one way exports lay out a PDF: an A4 page, DejaVu Sans embedded, headings, labelled text.

DejaVu Sans ships in this package (`fonts/`, with its licence): fpdf2 brings only
the PDF core fonts, which cannot draw most names with diacritics (Łukasz, Şule,
Nguyễn). The document is built in memory, and written by `school_log.output_file`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import EncryptionMethod, MethodReturnValue, XPos, YPos

from storage.app_name import APP_NAME

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
MARGIN = 15.0
LINE = 5.0  # mm: one line of 9 pt text
LABEL_WIDTH = 38.0
KEPT_LINES = 3  # a long text's first lines, kept with its label


class Document(FPDF):
    """An A4 export with a running footer naming the school, the pack and the page."""

    def __init__(self, title: str, school: str, at: datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 5)
        self.set_title(title)
        self.set_creator(APP_NAME)
        self.set_creation_date(at)
        self.pack_title, self.school = title, school
        self.add_page()

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90)
        self.cell(0, 4, f"OFFICIAL-SENSITIVE · {self.school} · {self.pack_title} · page {self.page_no()}", align="C")
        self.set_text_color(0)

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def title_block(self, title: str, subtitle: str) -> None:
        self.set_font(FONT, "B", 16)
        self.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        self.set_text_color(70)
        self.multi_cell(0, 5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.ln(2)

    def heading(self, text: str) -> None:
        if self.will_page_break(20):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.width, self.get_y())
        self.set_draw_color(0)
        self.ln(1.5)

    def field(
        self, label: str, value: str, label_width: float = LABEL_WIDTH, *, lead: Callable[[Any], None] | None = None
    ) -> None:
        """A label and its text side by side, the text wrapping under itself. The label and the text's first
        lines are kept on one page by fpdf2's `unbreakable` (with `lead`, drawn above them on the recorder it is
        given: an entry's heading), so a label is never alone at a page's foot; a text longer than a page flows
        on below."""
        if not value:
            return
        self.set_font(FONT, "B", 9)
        label_lines = self.wrapped(label, label_width)
        self.set_font(FONT, "", 9)
        lines = self.wrapped(value, self.width - label_width)
        room = int((self.eph - 30) // LINE)  # what fits under a lead on an empty page
        kept = lines if len(lines) <= room else lines[: max(KEPT_LINES, len(label_lines))]
        with self.unbreakable() as pdf:  # drawn through `pdf`, which replays it all on a new page if need be
            if lead is not None:
                lead(pdf)
            pdf.set_font(FONT, "B", 9)
            pdf.multi_cell(label_width, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.set_font(FONT, "", 9)
            pdf.multi_cell(self.width - label_width, LINE, "\n".join(kept), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if len(label_lines) > len(kept):
                pdf.ln(LINE * (len(label_lines) - len(kept)))
        if len(kept) < len(lines):
            self.set_x(self.l_margin + label_width)
            rest = "\n".join(lines[len(kept) :])
            self.multi_cell(self.width - label_width, LINE, rest, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def wrapped(self, text: str, width: float) -> list[str]:
        """`text` as the current font wraps it in `width` mm."""
        lines = self.multi_cell(width, LINE, text, dry_run=True, output=MethodReturnValue.LINES)
        assert isinstance(lines, list)  # what output=LINES returns
        return lines

    def para(self, value: str, *, bold: bool = False, size: float = 9, indent: float = 0.0) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.width - indent, 5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def quoted(self, label: str, words: str) -> None:
        """The child's own words, in quotation marks and set apart, never paraphrased."""
        if words:
            self.field(label, f"“{words}”")

    def render(self, password: str | None = None) -> bytes:
        """The finished PDF; with `password`, AES-256 encrypted: nothing opens without it.

        The owner password (which may lift the protection) is random and never kept, so
        knowing the password lets a reader open the file, not strip its protection.
        """
        if password:
            self.set_encryption(
                owner_password=secrets.token_urlsafe(32),
                user_password=password,
                encryption_method=EncryptionMethod.AES_256,
                encrypt_metadata=True,
            )
        return bytes(self.output())
