"""Checking an approved set: one certification signature, trusted, timestamped, intact, and
nothing added after it; then the permit details it certifies.

pyHanko does the work: the signature's digest and cryptography, the chain to the trusted root
(no network: revocation is not checked), the timestamp token, and its modification analysis,
which classifies whatever was appended after signing. An approved set is written once and
never updated, so anything appended at all makes it invalid; the analysis says what it was.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from review.approved_set import CATALOG_KEY
from review.errors import PlanReviewError

WHAT_THE_UPDATE_DOES = {
    ModificationLevel.LTA_UPDATES: "adds validation data or a document timestamp",
    ModificationLevel.FORM_FILLING: "fills in form fields or adds a signature",
    ModificationLevel.ANNOTATIONS: "adds or changes annotations (comments, markups)",
    ModificationLevel.OTHER: "changes pages, annotations or drawing content",
}


class VerifyError(PlanReviewError):
    """The file or the trust root cannot be read at all."""


@dataclass(frozen=True)
class Verification:
    valid: bool
    problems: tuple[str, ...]        # why it is not valid; empty when valid
    permit_no: str | None = None
    approver: str | None = None
    issued: str | None = None
    approval_digest: str | None = None
    verify_url: str | None = None
    signer: str | None = None
    timestamp: datetime | None = None


def load_trust_root(path: Path):
    try:
        return load_cert_from_pemder(str(path))
    except FileNotFoundError:
        raise VerifyError(f"the trusted root certificate {path} does not exist") from None
    except (OSError, ValueError) as exc:
        raise VerifyError(f"{Path(path).name} is not a PEM or DER certificate ({exc})") from None


def verify_approved_set(path: Path, trust_root: Path) -> Verification:
    """Verifies the file against the authority's root certificate (PEM or DER)."""
    path = Path(path)
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"%PDF-":
        raise VerifyError(f"{path.name} is not a PDF file")
    root = load_trust_root(trust_root)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        return Verification(False, (f"the file is damaged and cannot be read as a PDF ({exc})",))
    if not signatures:
        return Verification(False, ("the file carries no signature: it is not a signed"
                                    " approved set",))
    details = _details(reader)
    problems: list[str] = []
    if len(signatures) > 1:
        problems.append(f"the file carries {len(signatures)} signatures; an approved set is"
                        " certified once")
    signature = signatures[0]
    if signature.docmdp_level is None:
        problems.append("the signature is not a certification signature")
    context = ValidationContext(trust_roots=[root], allow_fetching=False,
                                revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, PdfError, ValueError) as exc:
        return Verification(False, (*problems, f"the signature cannot be validated ({exc})"),
                            **details)
    if not status.intact:
        problems.append("the signed content does not match its signature: bytes of the file"
                        " were changed after signing")
    elif not status.valid:
        problems.append("the signature's cryptography is invalid")
    elif not status.trusted:
        problems.append(f"the signing certificate ({_subject(status.signing_cert)}) does not"
                        f" chain to the trusted root ({_subject(root)})")
    timestamp = status.timestamp_validity
    if timestamp is None:
        problems.append("the signature has no timestamp")
    elif not (timestamp.intact and timestamp.valid and timestamp.trusted):
        problems.append("the signature's timestamp is not valid or not trusted")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        what = WHAT_THE_UPDATE_DOES.get(status.modification_level,
                                        "cannot be classified")
        problems.append(f"the file was changed after signing: an update was appended that"
                        f" {what}")
    return Verification(not problems, tuple(problems), **details,
                        signer=_subject(status.signing_cert),
                        timestamp=timestamp.timestamp if timestamp is not None else None)


def _details(reader: PdfFileReader) -> dict:
    """The permit details as certified: read from the signed revision, not from later ones."""
    root = reader.get_historical_root(_signed_revision(reader))
    entry = root.get(f"/{CATALOG_KEY}")
    if not isinstance(entry, generic.DictionaryObject):
        return {}

    def text(key: str) -> str | None:
        value = entry.get(f"/{key}")
        return str(value) if isinstance(value, (generic.TextStringObject,
                                                generic.ByteStringObject)) else None

    return {"permit_no": text("PermitNumber"), "approver": text("Approver"),
            "issued": text("Issued"), "approval_digest": text("ApprovalDigest"),
            "verify_url": text("VerifyURL")}


def _signed_revision(reader: PdfFileReader) -> int:
    return reader.embedded_signatures[0].signed_revision


def _subject(cert) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly
