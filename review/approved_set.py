"""The approved set: every sheet of an issued permit stamped, then certified once.

Building it:
0. With the permit's details, the permit certificate and the conditions of approval
   (review.permit_pages, English and Arabic) open the set.
1. The source drawings in order: PDF pages are copied with their drawing scales (/VP);
   DXF/DWG drawings go through the `cad_to_pdf` callback (viewers.qt.pdf_export: our own
   renderer, vector pages), so this module stays free of Qt.
2. On every page (the certificate too) the bilingual stamp ("APPROVED / معتمد", permit number, date, approver and a
   QR code to <server>/v1/verify/<digest>) is drawn into the page content, not added as an
   annotation, so no viewer can hide it and the certification covers it.
3. The permit details go into the document catalog (/PlanReviewApproval) and the Info
   dictionary; the file is saved.
4. One PAdES certification signature (DocMDP: no changes allowed) with a visible field on
   the first page and an RFC 3161 timestamp; then, as PAdES allows after it, the validation
   data and a document timestamp (B-LTA, review.signing.extend_to_lta). Nothing else.

The QR code cannot carry the signed file's own sha256 (the stamp is inside what is hashed),
so it carries the approval digest: the sha256 of the permit number and the sources' sha256s,
which identifies exactly which drawings were approved. The permit server keeps it beside the
file's sha256 and answers /v1/verify for both.
"""
from __future__ import annotations

import hashlib
import html
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pymupdf
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.stamp import TextStampStyle

from review.arabic import arabic_font_css
from review.errors import PlanReviewError
from review.exchange.frames import pdf_frames
from review.hashing import file_sha256
from review.measure import read_pdf_scales, write_pdf_viewport
from review.permit_pages import PermitDetails, draw_qr, front_pages
from review.signing import SigningIdentity, extend_to_lta

CATALOG_KEY = "PlanReviewApproval"
SIGNATURE_FIELD = "PermitApproval"
MM = 72.0 / 25.4                       # points per millimetre
STAMP_SIZE = (90 * MM, 42 * MM)        # the stamp's size on paper, whatever the sheet
SIGNATURE_HEIGHT = 16 * MM
MARGIN = 8 * MM                        # from the sheet's top-right corner
INK = (0.05, 0.35, 0.2)                # stamp green
FONT = "planreview-arabic"

CadConverter = Callable[[Path], bytes]   # a DXF/DWG file -> PDF bytes, one page per sheet


class ApprovedSetError(PlanReviewError):
    """The approved set cannot be built from these drawings; `sheet` names the one at fault."""

    def __init__(self, message: str, *, sheet: str | None = None):
        super().__init__(message)
        self.sheet = sheet


@dataclass(frozen=True)
class Approval:
    permit_no: str
    approver: str
    issued: date
    server_url: str          # the permit server's base address, for the stamp's QR code
    # the certificate and conditions pages that open the set; None: the drawings only
    details: PermitDetails | None = None


@dataclass(frozen=True)
class ApprovedSet:
    path: Path
    sha256: str              # of the signed file
    approval_digest: str     # in the stamp's QR code
    verify_url: str
    page_count: int


def approval_digest(permit_no: str, source_sha256s: Sequence[str]) -> str:
    """Identifies what was approved: the permit and the exact source files, in order."""
    text = "\n".join(["planreview-approved-set-1", permit_no, *source_sha256s])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_url(server_url: str, digest: str) -> str:
    return f"{server_url.rstrip('/')}/v1/verify/{digest}"


def build_approved_set(sources: Sequence[Path], approval: Approval, identity: SigningIdentity,
                       out: Path, *, cad_to_pdf: CadConverter | None = None,
                       source_names: Sequence[str] | None = None) -> ApprovedSet:
    """Writes the stamped, certified approved set to `out` (atomically) and describes it.
    `source_names` are how people know the sources (sheet number, file name), for errors."""
    sources = [Path(p) for p in sources]
    names = list(source_names) if source_names is not None else [p.name for p in sources]
    if not sources:
        raise ApprovedSetError("an approved set needs at least one drawing")
    if not approval.permit_no.strip() or not approval.approver.strip():
        raise ApprovedSetError("an approved set needs the permit number and the approver")
    digest = approval_digest(approval.permit_no, [file_sha256(p) for p in sources])
    url = verify_url(approval.server_url, digest)
    doc = pymupdf.open()
    try:
        if approval.details is not None:
            with front_pages(approval.details, permit_no=approval.permit_no,
                             approver=approval.approver, issued=approval.issued,
                             verify_url=url) as front:
                doc.insert_pdf(front)
        first_pages = []
        for source, name in zip(sources, names, strict=True):
            first_pages.append(doc.page_count)
            _append_named(doc, source, name, cad_to_pdf)
        with stamp_document(approval, url) as stamp:
            for page in doc:
                try:
                    place_stamp(page, stamp)
                except (RuntimeError, ValueError) as exc:
                    name = _source_of_page(page.number, first_pages, names)
                    raise ApprovedSetError(f"{name} cannot be stamped ({exc})",
                                           sheet=name) from None
        _write_details(doc, approval, digest, url)
        stamped = doc.tobytes(garbage=3, deflate=True)
        signature_box = _signature_box(doc[0])
        page_count = doc.page_count
    finally:
        doc.close()
    signed = extend_to_lta(_certify(stamped, approval, identity, signature_box), identity)
    out = Path(out)
    _write_atomically(out, signed)
    return ApprovedSet(out, hashlib.sha256(signed).hexdigest(), digest, url, page_count)


def _source_of_page(number: int, first_pages: Sequence[int], names: Sequence[str]) -> str:
    """The source a page of the set came from ("the permit pages" before the first)."""
    owner = "the permit pages"
    for first, name in zip(first_pages, names):
        if number >= first:
            owner = name
    return owner


# ---- sources -----------------------------------------------------------------------------

def _append_named(doc: pymupdf.Document, source: Path, name: str,
                  cad_to_pdf: CadConverter | None) -> None:
    """Appends the source's pages; any failure is an ApprovedSetError naming the sheet (a
    drawing the converter or MuPDF cannot read must never become a server error)."""
    try:
        _append(doc, source, name, cad_to_pdf)
    except ApprovedSetError as exc:
        exc.sheet = name
        raise
    except PlanReviewError as exc:  # the drawing converter's own errors
        raise ApprovedSetError(f"{name} cannot be made into pages: {exc}", sheet=name) from exc
    except (RuntimeError, ValueError, OSError) as exc:  # MuPDF's, e.g. "Invalid number of pages"
        raise ApprovedSetError(f"{name} cannot be copied into the approved set ({exc})",
                               sheet=name) from None


def _append(doc: pymupdf.Document, source: Path, name: str,
            cad_to_pdf: CadConverter | None) -> None:
    with source.open("rb") as f:
        is_pdf = b"%PDF-" in f.read(1024)
    if is_pdf:
        data = source.read_bytes()
    elif cad_to_pdf is None:
        raise ApprovedSetError(f"{name} is not a PDF, and no drawing converter was given"
                               " to turn DXF/DWG sheets into PDF pages")
    else:
        data = cad_to_pdf(source)
    try:
        part = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise ApprovedSetError(f"{name} is not a readable PDF ({exc})") from None
    try:
        if part.needs_pass:
            raise ApprovedSetError(f"{name} is password-protected; the consultant must"
                                   " upload it without a password")
        if part.page_count == 0:
            raise ApprovedSetError(f"{name} has no pages")
        first = doc.page_count
        doc.insert_pdf(part, annots=False, widgets=False)
        _copy_scales(part, doc, first)
    finally:
        part.close()


def _copy_scales(source: pymupdf.Document, target: pymupdf.Document, first: int) -> None:
    """Copying pages drops their /VP viewports; the drawing scales must stay with the set so
    it measures and prints at true scale."""
    source_frames, target_frames = pdf_frames(source), pdf_frames(target)
    for index, frame in enumerate(source_frames):
        scales, _ = read_pdf_scales(source, frame)
        for viewport in scales.viewports:
            write_pdf_viewport(target, target_frames[first + index], viewport)


# ---- the stamp ---------------------------------------------------------------------------

def stamp_rect(page: pymupdf.Page) -> pymupdf.Rect:
    """Where the stamp goes on the displayed page: the top-right corner, smaller on a sheet
    too small for its full size."""
    width, height = STAMP_SIZE
    shrink = min(1.0, 0.45 * page.rect.width / width, 0.3 * page.rect.height / height)
    margin = MARGIN * shrink
    right, top = page.rect.x1 - margin, page.rect.y0 + margin
    return pymupdf.Rect(right - width * shrink, top, right, top + height * shrink)


def stamp_document(approval: Approval, url: str) -> pymupdf.Document:
    """The stamp, drawn once on a page of its own size. Every sheet shows this page as one
    shared form XObject: its fonts and QR code are stored once, not once per sheet."""
    doc = pymupdf.open()
    width, height = STAMP_SIZE
    page = doc.new_page(width=width, height=height)
    page.draw_rect(pymupdf.Rect(1.1, 1.1, width - 1.1, height - 1.1), color=INK,
                   fill=(1, 1, 1), width=2.2)
    page.draw_rect(pymupdf.Rect(4, 4, width - 4, height - 4), color=INK, width=0.6)
    qr_side = height - 12
    draw_qr(page, url, pymupdf.Rect(6, 6, 6 + qr_side, 6 + qr_side))
    left = 12 + qr_side
    right = width - 8
    css = arabic_font_css(FONT) + (
        f"* {{font-family: {FONT}, sans-serif; color: rgb(13, 89, 51); margin: 0;}}")
    title = ("<div style='text-align:center; font-size:17pt'>APPROVED"
             " &nbsp;/&nbsp; <span dir='rtl'>معتمد</span></div>")
    page.insert_htmlbox(pymupdf.Rect(left, 6, right, 30), title, css=css, scale_low=0)
    rows = (("Permit No.", "رقم الترخيص", approval.permit_no),
            ("Date", "التاريخ", approval.issued.isoformat()),
            ("Approver", "المعتمِد", approval.approver))
    row_height = (height - 36) / len(rows)
    for number, (english, arabic, value) in enumerate(rows):
        top = 32 + number * row_height
        label_bottom = top + row_height * 0.45
        for text, align in ((english, "left"), (arabic, "right")):
            page.insert_htmlbox(pymupdf.Rect(left, top, right, label_bottom),
                                f"<div style='font-size:7pt; text-align:{align}'>{text}</div>",
                                css=css, scale_low=0)
        value_html = (f"<div style='font-size:9.5pt; text-align:center'>"
                      f"<bdi>{html.escape(value)}</bdi></div>")
        page.insert_htmlbox(pymupdf.Rect(left, label_bottom, right, top + row_height),
                            value_html, css=css, scale_low=0)
    return doc


def place_stamp(page: pymupdf.Page, stamp: pymupdf.Document) -> None:
    """Shows the stamp in the page's content stream, upright on the displayed page."""
    page.show_pdf_page(stamp_rect(page) * page.derotation_matrix, stamp, 0,
                       rotate=page.rotation)


# ---- details and signature ---------------------------------------------------------------

def _write_details(doc: pymupdf.Document, approval: Approval, digest: str, url: str) -> None:
    """The permit details where `planreview verify` reads them: a catalog dictionary (exact
    values) and the Info dictionary (what PDF readers show)."""
    entries = {"PermitNumber": approval.permit_no, "Approver": approval.approver,
               "Issued": approval.issued.isoformat(), "ApprovalDigest": digest,
               "VerifyURL": url}
    body = " ".join(f"/{key} {pymupdf.get_pdf_str(value)}" for key, value in entries.items())
    doc.xref_set_key(doc.pdf_catalog(), CATALOG_KEY, f"<< {body} >>")
    doc.set_metadata({"title": f"Approved set, permit {approval.permit_no}",
                      "author": approval.approver,
                      "subject": f"Permit {approval.permit_no} issued {approval.issued}",
                      "keywords": f"permit {approval.permit_no}; approval {digest}",
                      "creator": "Plan Review", "producer": "Plan Review"})


def _signature_box(page: pymupdf.Page) -> tuple[float, float, float, float]:
    """The visible signature under the stamp, in PDF user space (y up)."""
    stamp = stamp_rect(page)
    shown = pymupdf.Rect(stamp.x0, stamp.y1 + 2 * MM, stamp.x1,
                         stamp.y1 + 2 * MM + SIGNATURE_HEIGHT * stamp.width / STAMP_SIZE[0])
    user = shown * (page.derotation_matrix * ~page.transformation_matrix)
    user.normalize()
    return (user.x0, user.y0, user.x1, user.y1)


def _certify(stamped: bytes, approval: Approval, identity: SigningIdentity,
             box: tuple[float, float, float, float]) -> bytes:
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, certify=True, docmdp_permissions=MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=f"Approved set of building permit {approval.permit_no},"
               f" approved by {approval.approver}")
    style = TextStampStyle(stamp_text="Certified by %(signer)s\n"
                                      "Permit %(permit)s\n%(ts)s")
    signer = signers.PdfSigner(metadata, signer=identity.signer,
                               timestamper=identity.timestamper, stamp_style=style,
                               new_field_spec=SigFieldSpec(SIGNATURE_FIELD, on_page=0, box=box))
    output = io.BytesIO()
    try:
        signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(stamped)), output=output,
                        appearance_text_params={"permit": approval.permit_no})
    except (PyhankoSigningError, PdfError, OSError, ValueError) as exc:
        # OSError covers an unreachable timestamp server (TimestampRequestError, requests)
        raise ApprovedSetError(f"the approved set could not be signed: {exc}") from exc
    return output.getvalue()


def _write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(scratch, out)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
