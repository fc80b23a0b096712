"""The pages an approved set opens with: the permit certificate and the conditions of approval.

Both are in English and Arabic (MuPDF's HTML layout shapes the Arabic and orders it right to
left). They are A4 portrait and leave the top-right corner free, where the approved set's stamp
and signature go on every page. The certificate carries a QR code to the same /v1/verify
address as the stamps, large enough to scan from a printed copy.
"""
from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pymupdf
import qrcode

from review.arabic import arabic_font_css
from review.text_safety import neutralize

PAGE = pymupdf.paper_rect("a4")
TOP_FREE = 200              # points kept free at the top for the stamp and the signature
MARGIN = 48
QR_SIDE = 150
QR_QUIET_MODULES = 2        # the white border a reader needs around the code
DISCIPLINE_NAMES = {"architectural": ("Architectural", "معماري"),
                    "structural": ("Structural", "إنشائي"),
                    "general": ("General", "عام"), "intake": ("Intake", "الاستلام")}


@dataclass(frozen=True)
class ConditionOfApproval:
    discipline: str
    text_en: str
    text_ar: str


@dataclass(frozen=True)
class PermitDetails:
    """What the certificate says, besides the stamp's permit number, date and approver."""

    application_ref: str
    title: str
    owner: str
    plot: str               # governorate, wilayat, area, block and plot number, as one line
    use_class: str
    valid_until: date
    conditions: tuple[ConditionOfApproval, ...] = ()


def front_pages(details: PermitDetails, *, permit_no: str, approver: str, issued: date,
                verify_url: str) -> pymupdf.Document:
    """The certificate page, then the conditions pages (a page saying there are none when
    there are none), as a new document."""
    doc = pymupdf.open()
    _certificate(doc.new_page(width=PAGE.width, height=PAGE.height), details, permit_no,
                 approver, issued, verify_url)
    _flow(doc, _conditions_html(details.conditions, permit_no))
    return doc


def draw_qr(page: pymupdf.Page, text: str, where: pymupdf.Rect) -> None:
    """The QR code as vector squares (one path), with its quiet zone, filling `where`."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    step = min(where.width, where.height) / (len(matrix) + 2 * QR_QUIET_MODULES)
    x0, y0 = where.x0 + QR_QUIET_MODULES * step, where.y0 + QR_QUIET_MODULES * step
    shape = page.new_shape()
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            run = column
            while run < len(cells) and cells[run]:
                run += 1
            shape.draw_rect(pymupdf.Rect(x0 + column * step, y0 + row * step,
                                         x0 + run * step, y0 + (row + 1) * step))
            column = run
    shape.finish(color=None, fill=(0, 0, 0), width=0)
    shape.commit()


# ---- layout ------------------------------------------------------------------------------

_CSS = arabic_font_css() + """
    * {font-family: sans-serif, planreview-arabic; color: #111; margin: 0}
    body {font-size: 10.5pt; line-height: 1.35}
    h1 {font-size: 20pt; margin: 0 0 2pt 0; color: #0d5933}
    p {margin: 0 0 4pt 0}
    .ar {font-family: planreview-arabic; text-align: right}
    .label {color: #444; font-size: 9pt}
    .value {font-size: 11.5pt}
    .muted {color: #555; font-size: 9pt}
    .condition {margin: 0 0 10pt 0; padding-top: 4pt; border-top: 1px solid #ccc}
"""


def _text(value: str) -> str:
    """Text from outside, shown as it was typed: no bidi overrides, HTML escaped."""
    return html.escape(neutralize(value)).replace("\n", "<br/>")


def _certificate(page: pymupdf.Page, details: PermitDetails, permit_no: str, approver: str,
                 issued: date, verify_url: str) -> None:
    """A fixed layout: English label, value, Arabic label on each row; a long value is set
    smaller to fit its row rather than pushing the rows apart."""
    left, right = MARGIN, PAGE.width - MARGIN
    _box(page, pymupdf.Rect(left, TOP_FREE - 60, right, TOP_FREE - 22),
         "<p style='font-size: 22pt; color: #0d5933'>Building Permit"
         " &nbsp;/&nbsp; <span class='ar'>رخصة بناء</span></p>")
    rows = (("Permit No.", "رقم الترخيص", permit_no),
            ("Application", "رقم الطلب", details.application_ref),
            ("Project", "المشروع", details.title),
            ("Owner", "المالك", details.owner),
            ("Plot", "قطعة الأرض", details.plot),
            ("Use", "الاستعمال", details.use_class),
            ("Approved by", "اعتمده", approver),
            ("Issued", "تاريخ الإصدار", issued.isoformat()),
            ("Valid until", "صالح حتى", details.valid_until.isoformat()),
            ("Conditions of approval", "شروط الموافقة",
             f"{len(details.conditions)}: next page / الصفحة التالية"
             if details.conditions else "none / لا توجد"))
    label_width, row_height = 120, 34
    top = TOP_FREE
    for english, arabic, value in rows:
        _box(page, pymupdf.Rect(left, top, left + label_width, top + row_height),
             f"<p class='label'>{english}</p>")
        _box(page, pymupdf.Rect(left + label_width, top, right - label_width, top + row_height),
             f"<p class='value'><bdi>{_text(value)}</bdi></p>")
        _box(page, pymupdf.Rect(right - label_width, top, right, top + row_height),
             f"<p class='label ar' dir='rtl'>{arabic}</p>")
        page.draw_line((left, top + row_height - 4), (right, top + row_height - 4),
                       color=(0.75, 0.75, 0.75), width=0.5)
        top += row_height
    _box(page, pymupdf.Rect(left + QR_SIDE + 16, top + 24, right, top + 24 + QR_SIDE),
         f"<p class='muted'>Verify this permit: scan the code or open"
         f" <bdi>{html.escape(verify_url)}</bdi></p>"
         f"<p class='muted ar' dir='rtl'>للتحقق من هذا الترخيص امسح الرمز أو افتح الرابط</p>")
    draw_qr(page, verify_url, pymupdf.Rect(left, top + 16, left + QR_SIDE, top + 16 + QR_SIDE))


def _box(page: pymupdf.Page, where: pymupdf.Rect, body: str) -> None:
    page.insert_htmlbox(where, body, css=_CSS, scale_low=0)


def _conditions_html(conditions: Sequence[ConditionOfApproval], permit_no: str) -> str:
    head = (f"<h1>Conditions of Approval / <span class='ar'>شروط الموافقة</span></h1>"
            f"<p class='muted'>Permit {html.escape(permit_no)}: the works must meet these"
            f" conditions.</p><p class='muted ar' dir='rtl'>يجب أن تستوفي الأعمال هذه"
            f" الشروط.</p>")
    if not conditions:
        return head + ("<p>No conditions of approval were set.</p>"
                       "<p class='ar' dir='rtl'>لم تحدد أي شروط للموافقة.</p>")
    items = []
    for number, condition in enumerate(conditions, start=1):
        en_name, ar_name = DISCIPLINE_NAMES.get(condition.discipline,
                                                (condition.discipline, condition.discipline))
        arabic = (f"<p class='ar' dir='rtl'>{_text(condition.text_ar)}</p>"
                  if condition.text_ar.strip() else
                  "<p class='muted ar' dir='rtl'>(لا يوجد نص عربي)</p>")
        items.append(f"<div class='condition'><p><b>{number}.</b> <span class='muted'>"
                     f"{_text(en_name)} / <bdi>{_text(ar_name)}</bdi></span></p>"
                     f"<p>{_text(condition.text_en)}</p>{arabic}</div>")
    return head + "".join(items)


def _flow(doc: pymupdf.Document, body: str) -> None:
    """Lays `body` out on as many A4 pages as it needs and appends them to `doc`."""
    story = pymupdf.Story(html=f"<body>{body}</body>", user_css=_CSS)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    where = pymupdf.Rect(MARGIN, TOP_FREE, PAGE.width - MARGIN, PAGE.height - MARGIN)
    more = True
    while more:
        device = writer.begin_page(PAGE)
        more, _filled = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    with pymupdf.open(stream=buffer.getvalue(), filetype="pdf") as pages:
        doc.insert_pdf(pages)
