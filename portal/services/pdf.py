"""PDF files generated on the server with fpdf2 (pure Python, no system fonts needed).

The built-in Helvetica of every PDF reader is used with the Windows-1252 encoding, which covers
German and the euro sign; characters beyond it are replaced rather than failing a download.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from portal.i18n import format_day, format_money, format_number, t
from portal.services.sales import SalesDetail, stage_label

_ENCODING = "windows-1252"
_FONT = "Helvetica"
_PRIMARY = (31, 95, 168)


def _text(value: str) -> str:
    """Text the core font can show: anything outside Windows-1252 becomes "?"."""
    return value.encode(_ENCODING, "replace").decode(_ENCODING)


def _new_document(title: str, author: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = _ENCODING
    pdf.set_title(_text(title))
    pdf.set_author(_text(author))
    pdf.set_creator("Portal")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf


def _write(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False, height: float = 5):
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.multi_cell(0, height, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _percent(rate: Decimal, locale: str) -> str:
    return f"{format_number(rate.normalize(), locale)} %"


def sales_document_pdf(detail: SalesDetail, locale: str, *, portal_name: str) -> bytes:
    """The quote, order or invoice as the customer sees it on the page: addresses, lines,
    totals with tax per rate, and where it stands in the pipeline."""
    document = detail.document
    currency = document.currency
    title = f"{t(f'sales.kind.{document.kind}', locale)} {document.number}"
    pdf = _new_document(title, portal_name)

    pdf.set_text_color(*_PRIMARY)
    _write(pdf, portal_name, size=16, bold=True, height=8)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    _write(pdf, detail.customer_name, bold=True)
    for line in detail.customer_address:
        _write(pdf, line)
    pdf.ln(6)
    _write(pdf, title, size=14, bold=True, height=7)
    facts = [
        (t("sales.date", locale), format_day(document.doc_date, locale)),
        (t("sales.status", locale), stage_label(detail.stages, document.status, locale)),
    ]
    if document.due_date:
        facts.append((t("sales.due_date", locale), format_day(document.due_date, locale)))
    if detail.clerk_name:
        facts.append((t("sales.clerk", locale), detail.clerk_name))
    for label, value in facts:
        _write(pdf, f"{label}: {value}")
    pdf.ln(4)

    headings = (
        t("sales.col.position", locale),
        t("sales.col.description", locale),
        t("sales.col.quantity", locale),
        t("sales.col.unit_price", locale),
        t("sales.col.tax_rate", locale),
        t("sales.col.amount", locale),
    )
    pdf.set_font(_FONT, "", 9)
    with pdf.table(
        col_widths=(8, 70, 22, 24, 14, 26),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 240, 247)),
        line_height=5,
    ) as table:
        table.row([_text(h) for h in headings])
        for line in detail.lines:
            description = line.description
            if line.article_number:
                description = f"{line.article_number} – {description}"
            table.row(
                [
                    str(line.position),
                    _text(description),
                    _text(f"{format_number(line.quantity.normalize(), locale)} {line.unit}"),
                    _text(format_money(line.unit_price, locale, currency)),
                    _text(_percent(line.tax_rate, locale)),
                    _text(format_money(line.amount, locale, currency)),
                ]
            )
    pdf.ln(4)

    totals = detail.totals
    rows: list[tuple[str, Decimal, bool]] = [(t("sales.net", locale), totals.net, False)]
    rows += [
        (t("sales.tax_at", locale, rate=_percent(tax.rate, locale)), tax.tax, False)
        for tax in totals.taxes
    ]
    rows.append((t("sales.gross", locale), totals.gross, True))
    for label, amount, bold in rows:
        pdf.set_font(_FONT, "B" if bold else "", 10)
        pdf.cell(134, 6, _text(label), align="R")
        pdf.cell(0, 6, _text(format_money(amount, locale, currency)), align="R")
        pdf.ln(6)
    return bytes(pdf.output())


def proof_sample_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-page stand-in for a print proof (demo data): a framed page with its title."""
    pdf = _new_document(title, "Portal")
    pdf.set_draw_color(*_PRIMARY)
    pdf.set_line_width(1)
    pdf.rect(18, 18, 174, 261)
    pdf.set_y(40)
    _write(pdf, title, size=22, bold=True, height=10)
    pdf.ln(6)
    for line in lines:
        _write(pdf, line, size=12, height=7)
    return bytes(pdf.output())
