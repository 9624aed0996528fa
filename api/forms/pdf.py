"""Forms 01-04 as PDF (fpdf2), from the same :class:`~api.forms.documents.FormContent` as
the HTML, for archiving and for counters that print without a browser.

Why fpdf2: pure Python, well kept, embeds (subsets) TrueType fonts, which Vietnamese
needs: the PDF core fonts have no ``ơ ư ạ ế ...``. The font is DejaVu Serif, read from
``PDF_FONT_DIR`` (default: Debian's ``fonts-dejavu-core`` at
``/usr/share/fonts/truetype/dejavu``); a runtime dependency of the PDF endpoints only.
When fpdf2 or the font is missing, :class:`PdfUnavailable` says which (the view answers
503); the HTML forms keep working.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from api.public.qr import make_qr

from .documents import FormContent

__all__ = ["DEFAULT_FONT_DIR", "FONT_FILES", "PdfUnavailable", "render_pdf"]

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
#: fpdf2 style → file in the font directory.
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf",
              "I": "DejaVuSerif-Italic.ttf"}
FONT = "DejaVuSerif"
WIDTH = 165.0  # A4 minus the 30 mm left and 15 mm right margins of official documents


class PdfUnavailable(RuntimeError):
    """PDF output cannot be made here: the library or the font is missing."""


def _document(font_dir: Path) -> Any:
    try:
        from fpdf import FPDF  # noqa: PLC0415 - optional: only the PDF endpoints need it
    except ImportError as error:
        raise PdfUnavailable("PDF output needs the fpdf2 package (pip install fpdf2)"
                             ) from error
    missing = [name for name in FONT_FILES.values() if not (font_dir / name).is_file()]
    if missing:
        raise PdfUnavailable(f"PDF output needs the DejaVu Serif fonts ({', '.join(missing)}) "
                             f"in {font_dir}: install fonts-dejavu-core or set "
                             "MOTCUA_PDF_FONT_DIR")
    pdf = FPDF(format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(auto=True, margin=20)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style=style, fname=str(font_dir / name))
    return pdf


def _heading(pdf: Any, form: FormContent) -> None:
    pdf.set_font(FONT, "I", 11)
    pdf.cell(WIDTH, 6, f"Mẫu số {form.number}", align="R", new_x="LMARGIN", new_y="NEXT")
    top, left, right = pdf.get_y(), 62.0, WIDTH - 62.0
    pdf.set_font(FONT, "", 11)
    column = {"align": "C", "new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.multi_cell(left, 5, form.agency_name.upper(), **column)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(left, 5, form.centre_name.upper(), **column)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(left, 6, f"Số: {form.code}", **column)
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left, top)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(right, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C",
                   new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(right, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_font(FONT, "I", 11)
    pdf.multi_cell(right, 7, form.date_line, align="R")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(WIDTH, 7, form.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 12)
    pdf.cell(WIDTH, 7, f"Mã hồ sơ: {form.code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _paragraphs(pdf: Any, paragraphs: tuple[str, ...]) -> None:
    pdf.set_font(FONT, "", 12)
    for paragraph in paragraphs:
        pdf.multi_cell(WIDTH, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def _facts(pdf: Any, facts: tuple[tuple[str, str], ...]) -> None:
    for label, value in facts:
        top = pdf.get_y()
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(65, 6, f"{label}:")
        below = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 65, top)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(WIDTH - 65, 6, value, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(below, pdf.get_y()) + 1)


def _tracking(pdf: Any, form: FormContent) -> None:
    if form.tracking is None:
        return
    image = io.BytesIO()
    make_qr(form.tracking.url).save(image, kind="png", scale=4, border=2)
    image.seek(0)
    top = pdf.get_y() + 2
    pdf.image(image, x=pdf.l_margin, y=top, w=30, h=30)
    pdf.set_xy(pdf.l_margin + 34, top + 2)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(WIDTH - 34, 5, "Tra cứu tiến độ: quét mã QR hoặc truy cập\n"
                   f"{form.tracking.url}", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(WIDTH - 34, 7, f"Mã tra cứu: {form.tracking.secret}")
    pdf.set_y(top + 33)


def _signatures(pdf: Any, form: FormContent) -> None:
    pdf.ln(6)
    half = WIDTH / 2
    top = pdf.get_y()
    for index, (role, hint) in enumerate(form.signatures):
        if not role:
            continue
        pdf.set_xy(pdf.l_margin + index * half, top)
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(half, 6, role, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "I", 11)
        pdf.multi_cell(half, 6, hint, align="C")


def render_pdf(form: FormContent, font_dir: str | Path | None = None) -> bytes:
    """The form as a one-page A4 PDF (more pages if a reason is very long)."""
    pdf = _document(Path(font_dir or DEFAULT_FONT_DIR))
    pdf.set_title(f"Mẫu số {form.number} - {form.code}")
    pdf.set_creator("MotCua")
    pdf.add_page()
    _heading(pdf, form)
    _paragraphs(pdf, form.before)
    _facts(pdf, form.facts)
    _tracking(pdf, form)
    _paragraphs(pdf, form.after)
    _signatures(pdf, form)
    return bytes(pdf.output())
