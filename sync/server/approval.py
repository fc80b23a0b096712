"""Issuing a permit: the approved set built from the drawings of the last review cycle.

review.approved_set stamps every sheet and certifies the file once; here the server picks the
sources (the cycle's snapshot, in sheet order), signs with its identity (a development CA made
in the data folder on first use) and keeps the signed file as a blob, with the approval digest
that the stamps' QR codes carry, so /v1/verify answers for either.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.approved_set import Approval, build_approved_set
from review.errors import PlanReviewError
from review.signing import DEFAULT_PUBLIC_URL, SigningIdentity, server_identity
from sync.server import models as m
from sync.server.problems import Problem

CadConverter = Callable[[Path], bytes]


class SigningKeys:
    """The server's signing identity (review.signing.server_identity: a PKCS#11 token when
    configured, else the development CA), loaded (or created) when first needed."""

    def __init__(self, data_dir: Path, public_url: str = DEFAULT_PUBLIC_URL):
        self.data_dir = data_dir
        self.public_url = public_url   # where the development CA's CRL is published
        self._identity: SigningIdentity | None = None
        self._lock = threading.Lock()

    def identity(self) -> SigningIdentity:
        with self._lock:
            if self._identity is None:
                self._identity = server_identity(self.data_dir, self.public_url)
            return self._identity


def build_for_permit(ctx, session: Session, app: m.Application, permit: m.Permit,
                     cycle: m.ReviewCycle) -> int:
    """Builds and stores the approved set of the permit; returns its page count."""
    documents = {d.id: d for d in session.scalars(
        select(m.Document).where(m.Document.application_id == app.id))}
    snapshot = sorted(cycle.snapshot, key=lambda item: (
        documents[item["document_id"]].sheet_no, item["document_id"]))
    approver = session.get(m.User, permit.approver_id)
    approval = Approval(permit_no=permit.permit_no,
                        approver=approver.full_name if approver else "",
                        issued=permit.issued_at.date(), server_url=ctx.settings.public_url)
    scratch = ctx.settings.data_dir / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    out = scratch / f"{permit.permit_no}.pdf"
    try:
        built = build_approved_set([ctx.blobs.path(item["sha256"]) for item in snapshot],
                                   approval, ctx.signing.identity(), out,
                                   cad_to_pdf=ctx.cad_to_pdf)
    except PlanReviewError as exc:  # the set's own errors and the drawing converter's
        raise Problem(409, "approved-set-failed",
                      f"the permit cannot be issued: the approved set failed ({exc})") from exc
    size = ctx.blobs.adopt(out, built.sha256)
    if session.get(m.Blob, built.sha256) is None:
        session.add(m.Blob(sha256=built.sha256, size=size, media_type="application/pdf",
                           pages=built.page_count))
    permit.approved_set_sha256 = built.sha256
    permit.approval_digest = built.approval_digest
    return built.page_count
