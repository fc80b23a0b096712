"""The consultant office's side of the protocol: submit, follow, correct, resubmit, pay.

Every step can be run again after an interruption without doing anything twice:
- the draft is created with an Idempotency-Key derived from the submission's content, so a
  re-run gets the same application back instead of a second one;
- uploads resume from the server's offset (sync.transfers);
- a drawing is a document whose id derives from the application, kind and sheet number, so a
  revision of sheet A-101 becomes a new version of the same document;
- a payment's key derives from the invoice and its version: paying twice is the same request.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from review.checklists import Checklist, load_checklists
from review.letter import MissingDocument, ReturnedApplication
from sync.api import PermitApi, Versioned
from sync.corrections import CorrectionsPackage, write_corrections
from sync.errors import SyncError
from sync.transfers import Transfers, file_sha256

# uuid5 namespace for ids this client derives (documents, idempotency keys).
PLAN_REVIEW_NS = uuid.UUID("6f1f7a52-6b8e-4b59-9a43-3f0d1c1e2a77")

DOCUMENT_KINDS = ("architectural", "structural", "site", "title_deed", "soil_report",
                  "calculation", "other")


@dataclass(frozen=True)
class Plot:
    governorate: str
    wilayat: str
    area: str
    block: str
    plot_no: str


@dataclass(frozen=True)
class ApplicationDraft:
    title: str
    owner_name: str
    plot: Plot
    use_class: str
    floors: int
    gross_area_m2: Decimal
    estimated_cost_baisa: int

    def as_json(self) -> dict[str, Any]:
        fields = asdict(self)
        fields["gross_area_m2"] = f"{self.gross_area_m2:.2f}"
        return fields


@dataclass(frozen=True)
class Drawing:
    path: Path
    kind: str
    sheet_no: str
    title: str

    @classmethod
    def from_file(cls, path: Path, kind: str) -> Drawing:
        if kind not in DOCUMENT_KINDS:
            raise SyncError(f"unknown document kind {kind!r}; use one of {', '.join(DOCUMENT_KINDS)}")
        path = Path(path)
        if not path.is_file():
            raise SyncError(f"drawing not found: {path}")
        return cls(path, kind, path.stem, path.name)


@dataclass(frozen=True)
class SubmissionResult:
    application: dict[str, Any]
    uploaded: int   # drawings sent in this run
    resumed: int    # of those, how many continued an interrupted upload
    already_submitted: bool


Progress = Callable[[str, int, int], None]  # (file name, bytes done, bytes in all)


class ConsultantService:
    def __init__(self, api: PermitApi, transfers: Transfers):
        self.api = api
        self.transfers = transfers

    def submit(self, draft: ApplicationDraft, drawings: Sequence[Drawing], *,
               progress: Progress | None = None) -> SubmissionResult:
        """Creates the application, uploads its drawings and submits it (re-runnable)."""
        if not drawings:
            raise SyncError("a submission needs at least one drawing")
        fingerprint = _fingerprint({"draft": draft.as_json(), "drawings": [
            [d.kind, d.sheet_no, file_sha256(d.path)] for d in drawings]})
        created = self.api.create_application(
            draft.as_json(), key=str(uuid.uuid5(PLAN_REVIEW_NS, f"create/{fingerprint}")))
        app = self.api.application(created["id"])
        if app["state"] != "DRAFT":
            return SubmissionResult(app.body, 0, 0, already_submitted=True)
        uploaded, resumed = self._upload(app["id"], drawings, progress)
        app = self.api.application(app["id"])
        submitted = self.api.transition(app["id"], "submit", app["state"], version=app.version)
        return SubmissionResult(submitted.body or app.body, uploaded, resumed, False)

    def resubmit(self, ref_or_id: str, drawings: Sequence[Drawing], note: str = "", *,
                 progress: Progress | None = None) -> SubmissionResult:
        """Uploads revised drawings as new versions of their documents, then resubmits."""
        app = self.find(ref_or_id)
        app_id = app["id"]
        if app["state"] not in ("CORRECTIONS_REQUIRED", "RETURNED"):
            raise SyncError(f"application {app.body.get('ref', app_id)} is {app['state']};"
                            " only an application returned for corrections can be resubmitted")
        uploaded, resumed = self._upload(app_id, drawings, progress)
        app = self.api.application(app_id)
        done = self.api.transition(app_id, "resubmit", app["state"], note, version=app.version)
        return SubmissionResult(done.body or app.body, uploaded, resumed, False)

    def _upload(self, app_id: str, drawings: Sequence[Drawing],
                progress: Progress | None) -> tuple[int, int]:
        existing = {doc["id"]: doc for doc in self.api.documents(app_id)}
        resumed = 0
        for drawing in drawings:
            report = (lambda done, total, name=drawing.path.name: progress(name, done, total)
                      ) if progress else None
            upload = self.transfers.upload(drawing.path, progress=report)
            resumed += upload.resumed_from > 0
            doc_id = str(uuid.uuid5(PLAN_REVIEW_NS, f"{app_id}/{drawing.kind}/{drawing.sheet_no}"))
            current = existing.get(doc_id)
            if current and current["current"]["sha256"] == upload.sha256:
                continue  # this very file is already the document's current version
            self.api.put_document(app_id, doc_id, {
                "upload_id": upload.upload_id, "kind": drawing.kind,
                "sheet_no": drawing.sheet_no, "title": drawing.title,
            }, version=current.get("version") if current else None)
        return len(drawings), resumed

    def find(self, ref_or_id: str) -> Versioned:
        """An application by its id or its human reference (MM-2026-000123)."""
        if not ref_or_id.upper().startswith("MM-"):
            return self.api.application(ref_or_id)
        for app in self.api.applications():
            if app.get("ref", "").upper() == ref_or_id.upper():
                return self.api.application(app["id"])
        raise SyncError(f"no application {ref_or_id} in your office")

    def status(self, ref_or_id: str) -> dict[str, Any]:
        app = self.find(ref_or_id)
        return {"application": app.body, "history": self.api.history(app["id"]),
                "fees": self.api.fees(app["id"])}

    def download_corrections(self, ref_or_id: str, folder: Path) -> CorrectionsPackage:
        """Released comments (JSON and CSV), marked-up PDFs and the corrections letter."""
        app = self.find(ref_or_id)
        comments = self.api.comments(app["id"], released="true")
        returned = returned_application(self.api.history(app["id"])) \
            if app.body.get("state") == "RETURNED" else None
        return write_corrections(Path(folder), app.body.get("ref", app["id"]), comments,
                                 self.api.documents(app["id"]), self.transfers.download,
                                 returned=returned)

    def pay(self, invoice_id: str) -> dict[str, Any]:
        """Pays an invoice from the office account; paying again is the same request."""
        invoice = self.api.invoice(invoice_id)
        if invoice.body.get("status") == "PAID":
            raise SyncError(f"invoice {invoice_id} is already paid")
        key = str(uuid.uuid5(PLAN_REVIEW_NS, f"pay/{invoice_id}/{invoice.version}"))
        return self.api.pay(invoice_id, key=key).body


def returned_application(history: Sequence[dict[str, Any]]) -> ReturnedApplication:
    """Why intake returned the application, from its latest "return" in the history: the
    clerk's note, and the checklist's failed items named in English and Arabic (from the
    packaged intake checklist; the text the clerk's desktop sent for an item it does not
    know)."""
    entry = next((e for e in reversed(history) if e.get("action") == "return"), {})
    known = {item.id: item for item in load_checklists().get("intake", Checklist("", ())).items}
    missing = []
    for result in entry.get("checklist") or ():
        if result.get("status") != "fail":
            continue
        item = known.get(result.get("item", ""))
        missing.append(MissingDocument(item.text_en if item else result.get("text", "")
                                       or result.get("item", ""),
                                       item.text_ar if item else "", result.get("note", "")))
    return ReturnedApplication(entry.get("note", ""), tuple(missing))


def _fingerprint(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
