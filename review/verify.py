"""Checking an approved set: one certification signature, trusted, timestamped, intact, and
nothing added after it but what PAdES allows; then the permit details it certifies.

pyHanko does the work: the signature's digest and cryptography, the chain to the trusted root
(no network: the revocation data used is what the file's DSS carries), the timestamp token,
and its modification analysis, which classifies whatever was appended after signing. After
a certification signature PAdES allows exactly two kinds of update: validation data (the DSS)
and document timestamps. `PADES_UPDATES` is pyHanko's standard diff policy cut down to those
(its default also lets the document information and XMP metadata change); anything else
appended makes the set invalid, and the analysis says what it was. Each document timestamp
must itself be intact and trusted. The level found is reported: B-T (signature timestamp),
B-LT (with a DSS) or B-LTA (with a document timestamp over the DSS).

Each problem is a stable code with parameters (`VerificationProblem`): the desktop words it in
its interface's language, `planreview verify` prints the English sentence (`str(problem)`).
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.reader import HistoricalResolver
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    ReferenceUpdate,
    StandardDiffPolicy,
    WhitelistRule,
    XrefStreamRule,
)
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from review.approved_set import CATALOG_KEY
from review.errors import PlanReviewError



class ModificationDateRule(WhitelistRule):
    """The document information may change its modification date and producer only: every
    incremental update pyHanko writes records them, to the second. Its title, author,
    keywords and the rest stay as signed."""
    RECORDED_BY_WRITERS = frozenset({"/ModDate", "/Producer"})

    def apply(self, old: HistoricalResolver, new: HistoricalResolver
              ) -> Iterable[ReferenceUpdate]:
        old_ref = old.trailer_view.get_value_as_reference("/Info", optional=True)
        new_ref = new.trailer_view.get_value_as_reference("/Info", optional=True)
        if old_ref is None or new_ref is None:
            return
        before, after = old.get_object(old_ref), new.get_object(new_ref)
        keys = (set(before) | set(after)) - self.RECORDED_BY_WRITERS
        if all(before.get(key) == after.get(key) for key in keys):
            yield from DocInfoRule().apply(old, new)


# The updates PAdES allows after a certification signature: a DSS and document timestamps
# (with the signature fields that hold them), in whatever cross-reference form they are written.
PADES_UPDATES = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        ModificationDateRule().as_qualified(ModificationLevel.LTA_UPDATES),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(field_rules=[SigFieldCreationRule(),
                                            SigFieldModificationRule()]),
)


class Level(StrEnum):
    """The PAdES baseline level an approved set reaches (ETSI EN 319 142-1)."""
    B_B = "B-B"        # a signature only
    B_T = "B-T"        # with a trusted timestamp on the signature
    B_LT = "B-LT"      # with validation data (a DSS)
    B_LTA = "B-LTA"    # with a document timestamp over the validation data


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
    BAD_DOCUMENT_TIMESTAMP = "bad-document-timestamp"
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
    Reason.BAD_DOCUMENT_TIMESTAMP: "a document timestamp added after signing is not valid or"
                                   " not trusted",
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
    level: Level | None = None   # of the signature as it stands, when it could be validated


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
    approvals = [s for s in signatures if s.sig_object_type != "/DocTimeStamp"]
    document_timestamps = [s for s in signatures if s.sig_object_type == "/DocTimeStamp"]
    if not approvals:
        return Verification(False, (VerificationProblem(Reason.UNSIGNED),))
    details = _details(reader)
    problems: list[VerificationProblem] = []
    if len(approvals) > 1:
        problems.append(VerificationProblem(Reason.SEVERAL_SIGNATURES,
                                            {"count": str(len(approvals))}))
    signature = approvals[0]
    if signature.docmdp_level is None:
        problems.append(VerificationProblem(Reason.NOT_CERTIFICATION))
    try:
        status = validate_pdf_signature(signature, _context(reader, root),
                                        diff_policy=PADES_UPDATES)
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
    timestamped = timestamp is not None and timestamp.intact and timestamp.valid \
        and timestamp.trusted
    if timestamp is None:
        problems.append(VerificationProblem(Reason.NO_TIMESTAMP))
    elif not timestamped:
        problems.append(VerificationProblem(Reason.BAD_TIMESTAMP))
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE \
            and status.modification_level != ModificationLevel.LTA_UPDATES:
        update = UPDATE_OF_LEVEL.get(status.modification_level, Update.UNCLASSIFIED)
        problems.append(VerificationProblem(Reason.CHANGED_AFTER_SIGNING,
                                            {"update": update}))
    archived = False   # a trusted document timestamp covers a DSS
    for document_timestamp in document_timestamps:
        if _document_timestamp_trusted(document_timestamp, reader, root):
            archived = archived or "/DSS" in reader.get_historical_root(
                document_timestamp.signed_revision)
        else:
            problems.append(VerificationProblem(Reason.BAD_DOCUMENT_TIMESTAMP))
    if not timestamped:
        level = Level.B_B
    elif archived:
        level = Level.B_LTA
    elif "/DSS" in reader.root:
        level = Level.B_LT
    else:
        level = Level.B_T
    return Verification(not problems, tuple(problems), **details,
                        signer=_subject(status.signing_cert),
                        timestamp=timestamp.timestamp if timestamp is not None else None,
                        level=level)


def _context(reader: PdfFileReader, root) -> ValidationContext:
    """Trusting the root alone, with the certificates and revocation data the file's DSS
    carries; no network."""
    settings = {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "soft-fail"}
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(settings)
    except NoDSSFoundError:
        return ValidationContext(**settings)


def _document_timestamp_trusted(document_timestamp, reader: PdfFileReader, root) -> bool:
    try:
        status = validate_pdf_timestamp(document_timestamp, _context(reader, root),
                                        diff_policy=PADES_UPDATES)
    except (SignatureValidationError, PdfError, ValueError):
        return False
    return status.intact and status.valid and status.trusted


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
