"""Checking an approved set: one certification signature, trusted, timestamped, intact, and
nothing added after it; then the permit details it certifies.

pyHanko does the work: the signature's digest and cryptography, the chain to the trusted root
(no network: revocation is not checked), the timestamp token, and its modification analysis,
which classifies whatever was appended after signing. An approved set is written once and
never updated, so anything appended at all makes it invalid; the analysis says what it was.

Each problem is a stable code with parameters (`VerificationProblem`): the desktop words it in
its interface's language, `planreview verify` prints the English sentence (`str(problem)`).
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
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



class Reason(StrEnum):
    """Why an approved set is not valid: a stable code, with its parameters in
    `VerificationProblem.params`, for interfaces that word it in their own language."""
    DAMAGED = "damaged"                              # error
    UNSIGNED = "unsigned"
    SEVERAL_SIGNATURES = "several-signatures"        # count
    NOT_CERTIFICATION = "not-certification"
    UNVERIFIABLE = "unverifiable"                    # error
    BYTES_CHANGED = "bytes-changed"
    BAD_CRYPTOGRAPHY = "bad-cryptography"
    UNTRUSTED = "untrusted"                          # signer, root
    NO_TIMESTAMP = "no-timestamp"
    BAD_TIMESTAMP = "bad-timestamp"
    CHANGED_AFTER_SIGNING = "changed-after-signing"  # update: an Update


class Update(StrEnum):
    """What an update appended after signing does, as pyHanko's analysis classifies it."""
    VALIDATION_DATA = "validation-data"
    FORM_FILLING = "form-filling"
    ANNOTATIONS = "annotations"
    CONTENT = "content"
    UNCLASSIFIED = "unclassified"


UPDATE_OF_LEVEL = {
    ModificationLevel.LTA_UPDATES: Update.VALIDATION_DATA,
    ModificationLevel.FORM_FILLING: Update.FORM_FILLING,
    ModificationLevel.ANNOTATIONS: Update.ANNOTATIONS,
    ModificationLevel.OTHER: Update.CONTENT,
}
# The English wording, as `planreview verify` prints it.
REASON_TEXT = {
    Reason.DAMAGED: "the file is damaged and cannot be read as a PDF ({error})",
    Reason.UNSIGNED: "the file carries no signature: it is not a signed approved set",
    Reason.SEVERAL_SIGNATURES: "the file carries {count} signatures; an approved set is"
                               " certified once",
    Reason.NOT_CERTIFICATION: "the signature is not a certification signature",
    Reason.UNVERIFIABLE: "the signature cannot be validated ({error})",
    Reason.BYTES_CHANGED: "the signed content does not match its signature: bytes of the file"
                          " were changed after signing",
    Reason.BAD_CRYPTOGRAPHY: "the signature's cryptography is invalid",
    Reason.UNTRUSTED: "the signing certificate ({signer}) does not chain to the trusted root"
                      " ({root})",
    Reason.NO_TIMESTAMP: "the signature has no timestamp",
    Reason.BAD_TIMESTAMP: "the signature's timestamp is not valid or not trusted",
    Reason.CHANGED_AFTER_SIGNING: "the file was changed after signing: an update was appended"
                                  " that {update}",
}
UPDATE_TEXT = {
    Update.VALIDATION_DATA: "adds validation data or a document timestamp",
    Update.FORM_FILLING: "fills in form fields or adds a signature",
    Update.ANNOTATIONS: "adds or changes annotations (comments, markups)",
    Update.CONTENT: "changes pages, annotations or drawing content",
    Update.UNCLASSIFIED: "cannot be classified",
}


@dataclass(frozen=True)
class VerificationProblem:
    reason: Reason
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        """The reason in English."""
        params = dict(self.params)
        if "update" in params:
            params["update"] = UPDATE_TEXT[Update(params["update"])]
        return REASON_TEXT[self.reason].format(**params)


class VerifyError(PlanReviewError):
    """The file or the trust root cannot be read at all."""


@dataclass(frozen=True)
class Verification:
    valid: bool
    problems: tuple[VerificationProblem, ...]  # why it is not valid; empty when valid
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
        return Verification(False, (VerificationProblem(Reason.DAMAGED,
                                                        {"error": str(exc)}),))
    if not signatures:
        return Verification(False, (VerificationProblem(Reason.UNSIGNED),))
    details = _details(reader)
    problems: list[VerificationProblem] = []
    if len(signatures) > 1:
        problems.append(VerificationProblem(Reason.SEVERAL_SIGNATURES,
                                            {"count": str(len(signatures))}))
    signature = signatures[0]
    if signature.docmdp_level is None:
        problems.append(VerificationProblem(Reason.NOT_CERTIFICATION))
    context = ValidationContext(trust_roots=[root], allow_fetching=False,
                                revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, PdfError, ValueError) as exc:
        unverifiable = VerificationProblem(Reason.UNVERIFIABLE, {"error": str(exc)})
        return Verification(False, (*problems, unverifiable), **details)
    if not status.intact:
        problems.append(VerificationProblem(Reason.BYTES_CHANGED))
    elif not status.valid:
        problems.append(VerificationProblem(Reason.BAD_CRYPTOGRAPHY))
    elif not status.trusted:
        problems.append(VerificationProblem(Reason.UNTRUSTED,
                                            {"signer": _subject(status.signing_cert),
                                             "root": _subject(root)}))
    timestamp = status.timestamp_validity
    if timestamp is None:
        problems.append(VerificationProblem(Reason.NO_TIMESTAMP))
    elif not (timestamp.intact and timestamp.valid and timestamp.trusted):
        problems.append(VerificationProblem(Reason.BAD_TIMESTAMP))
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        update = UPDATE_OF_LEVEL.get(status.modification_level, Update.UNCLASSIFIED)
        problems.append(VerificationProblem(Reason.CHANGED_AFTER_SIGNING,
                                            {"update": update}))
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
