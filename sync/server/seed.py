"""`--seed-demo`: offices, one user per role (password "demo", demo only) and applications in
several states, each with real drawings generated here (a multi-sheet PDF plan set and a DXF
site plan), walked through the same workflow code the API uses. Seeding twice changes nothing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import ezdxf
from sqlalchemy import select

from review.drawing_check import check_drawing
from review.samples import write_sample_plan_set
from review.workflow import Decision, Role, State
from sync.server import models as m
from sync.server import service
from sync.server import views as v
from sync.server.approval import request_approved_set, run_job
from sync.server.context import ServerContext, principal_of
from sync.server.routers.reviews import new_comment, record_decision
from sync.server.schemas import CommentIn

DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    discipline: str | None = None
    office: str | None = None  # registration no. of the consultant office


OFFICES = (
    ("CR-1000001", "Sample Engineering Consultants (demo)", "A", 5_000_000),
    ("CR-1000002", "Second Demo Design Office", "B", 100_000),
)
USERS = (
    DemoUser("consultant1", "Demo Consultant", Role.CONSULTANT, office="CR-1000001"),
    DemoUser("consultant2", "Other Office Consultant", Role.CONSULTANT, office="CR-1000002"),
    DemoUser("intake1", "Demo Intake Clerk", Role.INTAKE_CLERK),
    DemoUser("arch1", "Demo Architectural Engineer", Role.ENGINEER, discipline="architectural"),
    DemoUser("struct1", "Demo Structural Engineer", Role.ENGINEER, discipline="structural"),
    DemoUser("supervisor1", "Demo Supervisor", Role.SUPERVISOR),
    # separation of duties: large waivers need a second supervisor to confirm them
    DemoUser("supervisor2", "Second Demo Supervisor", Role.SUPERVISOR),
    DemoUser("admin1", "Demo Administrator", Role.ADMIN),
)

# (title, the state it is walked to)
APPLICATIONS = (
    ("Villa, ground + first floor (draft)", State.DRAFT),
    ("Villa extension (submitted)", State.SUBMITTED),
    ("Twin villas (in review)", State.IN_REVIEW),
    ("Residential building, 4 floors (corrections required)", State.CORRECTIONS_REQUIRED),
    ("Commercial showroom (pending payment)", State.PENDING_PAYMENT),
    ("Villa with annex (issued)", State.ISSUED),
)


def seed_users(ctx: ServerContext, users=USERS, offices=OFFICES) -> None:
    """Offices and users; existing ones are left as they are."""
    with ctx.db.write() as session:
        by_reg = {}
        for reg, name, office_class, balance in offices:
            office = session.scalars(select(m.Office).where(
                m.Office.registration_no == reg)).one_or_none()
            if office is None:
                office = m.Office(registration_no=reg, name=name, office_class=office_class,
                                  status="active", balance_baisa=balance, version=1)
                session.add(office)
                session.flush()
                session.add(m.LedgerEntry(office_id=office.id, kind="topup",
                                          amount_baisa=balance, balance_after_baisa=balance,
                                          reference="opening balance (demo)", created_by=""))
            by_reg[reg] = office
        password_hash = ctx.passwords.hash(DEMO_PASSWORD)
        for user in users:
            if session.scalars(select(m.User).where(m.User.username == user.username)).first():
                continue
            session.add(m.User(username=user.username, full_name=user.full_name,
                               role=user.role.value, discipline=user.discipline,
                               office_id=by_reg[user.office].id if user.office else None,
                               password_hash=password_hash, active=True))


def seed_demo(ctx: ServerContext) -> None:
    seed_users(ctx)
    with ctx.db.read() as session:
        if session.scalars(select(m.Application).limit(1)).first() is not None:
            return
        people = {u.username: principal_of(u) for u in session.scalars(select(m.User))}
    drawings = _demo_drawings(ctx)
    for index, (title, target) in enumerate(APPLICATIONS):
        with ctx.db.write() as session:
            app = _demo_application(ctx, session, people, drawings, index, title, target)
            if target == State.ISSUED:
                job = request_approved_set(session, app, people["supervisor1"],
                                           "permit issued (demo)")
        if target == State.ISSUED:
            run_job(ctx, job.id)  # here and now: the demo starts with its permit issued


def _demo_drawings(ctx: ServerContext) -> dict[str, m.Blob]:
    """Generates the plan set and the site plan once and stores them as blobs."""
    work = Path(tempfile.mkdtemp(prefix="planreview-seed-"))
    try:
        sources = {"plans": write_sample_plan_set(work / "permit-set.pdf"),
                   "site": _write_site_plan(work / "site-plan.dxf")}
        blobs = {}
        with ctx.db.write() as session:
            for name, path in sources.items():
                data = path.read_bytes()
                sha256 = hashlib.sha256(data).hexdigest()
                final = ctx.blobs.path(sha256)
                final.parent.mkdir(parents=True, exist_ok=True)
                if not final.exists():
                    shutil.copyfile(path, final.with_suffix(".tmp"))
                    os.replace(final.with_suffix(".tmp"), final)
                blob = session.get(m.Blob, sha256)
                if blob is None:
                    drawing = check_drawing(final, path.name)
                    blob = m.Blob(sha256=sha256, size=len(data), media_type=drawing.media_type,
                                  pages=drawing.pages)
                    session.add(blob)
                blobs[name] = blob
        return blobs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_site_plan(path: Path) -> Path:
    """A small DXF site plan in metres: plot boundary, building footprint, setbacks, labels."""
    doc = ezdxf.new("R2018", setup=True)
    doc.header["$INSUNITS"] = 6  # metres
    for name, colour in (("PLOT", 1), ("BUILDING", 5), ("SETBACK", 3), ("TEXT", 7)):
        doc.layers.add(name, color=colour)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (30, 0), (30, 25), (0, 25)], close=True,
                       dxfattribs={"layer": "PLOT"})
    msp.add_lwpolyline([(5, 4), (25, 4), (25, 19), (5, 19)], close=True,
                       dxfattribs={"layer": "BUILDING"})
    msp.add_lwpolyline([(3, 3), (27, 3), (27, 22), (3, 22)], close=True,
                       dxfattribs={"layer": "SETBACK", "linetype": "DASHED"})
    msp.add_text("PLOT 123 - SITE PLAN 1:200", height=0.8,
                 dxfattribs={"layer": "TEXT"}).set_placement((1, 26))
    msp.add_text("BUILDING FOOTPRINT 300 m2", height=0.6,
                 dxfattribs={"layer": "TEXT"}).set_placement((8, 11))
    doc.saveas(path)
    return path


def _demo_application(ctx, session, people, drawings, index: int, title: str,
                      target: State) -> m.Application:
    """The application walked to `target` (to APPROVED for ISSUED: the caller issues it)."""
    consultant, intake = people["consultant1"], people["intake1"]
    now = service.utcnow()
    number = m.ApplicationNumber()
    session.add(number)
    session.flush()
    app = m.Application(
        ref=f"MM-{now.year}-{number.id:06d}", state=State.DRAFT, office_id=consultant.office_id,
        created_by=consultant.id, title=title, owner_name=f"Demo Owner {index + 1}",
        governorate="Muscat", wilayat="Bawshar", area="Al Khuwair", block=str(200 + index),
        plot_no=str(1000 + index), use_class="commercial" if "Commercial" in title
        else "residential", floors=4 if "4 floors" in title else 2,
        gross_area_m2=Decimal("450.00") + 50 * index, estimated_cost_baisa=120_000_000,
        current_cycle=0, version=0, created_at=now, updated_at=now)
    session.add(app)
    session.flush()
    service.history(session, app, "create", "", consultant.id, "demo data")
    documents = [("architectural", "A-101", "plans", "Permit drawing set")]
    if target != State.ISSUED or ctx.cad_to_pdf is not None:  # the approved set needs it
        documents.append(("site", "C-001", "site", "Site plan"))
    for kind, sheet, blob_name, doc_title in documents:
        doc = m.Document(id=m.new_id(), application_id=app.id, kind=kind, sheet_no=sheet,
                         title=doc_title, version=0)
        session.add(doc)
        session.flush()
        suffix = "pdf" if blob_name == "plans" else "dxf"
        session.add(m.DocumentVersion(document_id=doc.id, n=1,
                                      blob_sha256=drawings[blob_name].sha256,
                                      filename=f"{sheet}.{suffix}", cycle=1,
                                      uploaded_by=consultant.id, uploaded_at=now))
        service.changed(ctx, session, v.document_path(app.id, doc.id), doc,
                        office_id=app.office_id)
    service.application_changed(ctx, session, app)
    if target == State.DRAFT:
        return app
    service.transition(ctx, session, app, "submit", consultant)
    if target == State.SUBMITTED:
        return app
    service.transition(ctx, session, app, "accept", intake, "registration and documents checked")
    _assign_reviews(ctx, session, app, people)
    if target == State.IN_REVIEW:
        return app
    arch_decision = (Decision.REVISION_REQUIRED if target == State.CORRECTIONS_REQUIRED
                     else Decision.APPROVED_WITH_COMMENTS)
    _decide(ctx, session, app, people, arch_decision)
    if target == State.CORRECTIONS_REQUIRED:
        return app
    invoice = service.invoice_assessed(ctx, session, app, intake.id)
    if target == State.PENDING_PAYMENT:
        return app
    service.pay_invoice(ctx, session, invoice.id, consultant)
    supervisor = people["supervisor1"]
    service.transition(ctx, session, app, "approve", supervisor, "approved (demo)")
    return app


def _assign_reviews(ctx, session, app, people) -> None:
    for review in session.scalars(select(m.DisciplineReview).where(
            m.DisciplineReview.application_id == app.id,
            m.DisciplineReview.decision.is_(None))):
        review.assignee_id = people["arch1" if review.discipline == "architectural"
                                    else "struct1"].id
        service.changed(ctx, session, v.review_path(app.id, review.cycle, review.id), review,
                        office_id=app.office_id)


def _decide(ctx, session, app, people, arch_decision: Decision) -> None:
    reviews = {r.discipline: r for r in session.scalars(select(m.DisciplineReview).where(
        m.DisciplineReview.application_id == app.id, m.DisciplineReview.decision.is_(None)))}
    arch, struct = people["arch1"], people["struct1"]
    comment = new_comment(session, app, arch, m.new_id(), CommentIn(
        body="Front setback shown as 2.5 m; the minimum is 3.0 m. Revise the site plan.",
        sheet_no="A-101", page=0, bbox=[400.0, 300.0, 700.0, 450.0]))
    session.flush()
    service.changed(ctx, session, v.comment_path(app.id, comment.id), comment,
                    office_id=app.office_id, audience="staff")
    record_decision(ctx, session, app, reviews["structural"], struct, Decision.APPROVED,
                    "structural review (demo)")
    record_decision(ctx, session, app, reviews["architectural"], arch, arch_decision,
                    "architectural review (demo)")
