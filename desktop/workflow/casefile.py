"""One application as the workflow views show it, read from the permit server in one go.

Plain data and the rules the views apply to it (which actions a role is offered, which reviews
a user may decide, the open corrections a REVISION_REQUIRED decision needs); no Qt here.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from review.errors import PlanReviewError
from review.fees import AssessedFee, FeeBasis, FeeSchedule, assess, parse_schedule
from review.workflow import (FEES_FINAL, FINAL_STATES, INTAKE, TRANSITIONS, Decision, Role,
                             State, actions_for, chargeable_resubmissions)
from review.verify import Verification, verify_approved_set
from sync.api import PermitApi

# The UI asks for a note before sending these: their guard needs one, or (withdraw) it is final.
NOTE_ACTIONS: frozenset[str] = frozenset(
    t.action for t in TRANSITIONS if t.guard == "has_note") | {"withdraw"}
OPEN_COMMENT_STATUSES = ("draft", "released", "responded")  # as the server counts corrections
DECISIONS: tuple[Decision, ...] = (Decision.APPROVED, Decision.APPROVED_WITH_COMMENTS,
                                   Decision.REVISION_REQUIRED, Decision.REJECTED)
FEE_ASSESSORS = (Role.INTAKE_CLERK, Role.SUPERVISOR)
DECIDERS = (Role.ENGINEER, Role.SUPERVISOR)


@dataclass(frozen=True)
class CaseFile:
    application: dict[str, Any]
    history: list[dict[str, Any]]
    cycles: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    fees: list[dict[str, Any]]
    invoices: list[dict[str, Any]]
    schedule: FeeSchedule
    office: dict[str, Any]  # the consultant office: name, registration_no, status
    documents: tuple[dict[str, Any], ...] = ()
    conditions: tuple[dict[str, Any], ...] = ()
    engineers: tuple[dict[str, Any], ...] = ()  # staff accounts reviews can be assigned to

    @property
    def id(self) -> str:
        return self.application["id"]

    @property
    def state(self) -> State:
        return State(self.application["state"])

    def reviews(self) -> list[dict[str, Any]]:
        """Every review of every cycle, oldest cycle first."""
        return [review for cycle in self.cycles for review in cycle.get("reviews", [])]

    def decidable_reviews(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """Undecided discipline reviews of the open cycle this user may decide."""
        role = user.get("role")
        if self.state != State.IN_REVIEW or role not in DECIDERS:
            return []
        open_cycles = [c for c in self.cycles if c.get("closed_at") is None]
        return [r for c in open_cycles for r in c.get("reviews", [])
                if r.get("decision") is None and r["discipline"] != INTAKE
                and (role == Role.SUPERVISOR or r["discipline"] == user.get("discipline"))]

    @property
    def office_text(self) -> str:
        return f"{self.office.get('name', '')} ({self.office.get('registration_no', '')})"

    @property
    def registration_valid(self) -> bool:
        """The office's registration lets it submit: the municipality has it as active."""
        return self.office.get("status") == "active"

    def managed_reviews(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """The open cycle's discipline reviews the supervisor may assign or reopen."""
        if self.state != State.IN_REVIEW or user.get("role") != Role.SUPERVISOR:
            return []
        return [r for c in self.cycles if c.get("closed_at") is None
                for r in c.get("reviews", []) if r["discipline"] != INTAKE]

    def open_corrections(self, review: dict[str, Any]) -> int:
        return sum(1 for c in self.comments
                   if c.get("cycle") == review["cycle"] and c.get("discipline") ==
                   review["discipline"] and c.get("status") in OPEN_COMMENT_STATUSES)

    def fee_preview(self) -> tuple[AssessedFee, ...]:
        """What review/fees.py assesses offline for this application; the server uses the same."""
        app = self.application
        basis = FeeBasis(app["use_class"], Decimal(str(app["gross_area_m2"])),
                         resubmissions=chargeable_resubmissions(
                             (h["from_state"], h["action"]) for h in self.history))
        return assess(self.schedule, basis)


def offered_actions(state: State | str, user: dict[str, Any]) -> tuple[str, ...]:
    """The state table's actions for the user's role in this state; none for unknown roles."""
    role = user.get("role")
    if role not in {r.value for r in Role} or role == Role.SYSTEM:
        return ()
    return actions_for(state, role)


def may_assess_fees(state: State | str, user: dict[str, Any]) -> bool:
    """Fees are assessed for live applications only, by the intake clerk or the supervisor,
    until approval settles them."""
    return (user.get("role") in FEE_ASSESSORS
            and State(state) not in FINAL_STATES | FEES_FINAL | {State.DRAFT})


def may_invoice_fees(case: CaseFile, user: dict[str, Any]) -> bool:
    """The assessor invoices what is assessed (and not waiting for anything else)."""
    return may_assess_fees(case.state, user) and any(
        f["status"] == "ASSESSED" for f in case.fees)




def load_case(api: PermitApi, app_id: str, *, with_engineers: bool = False) -> CaseFile:
    """Reads the application, its history, cycles, comments, fees, invoices, fee schedule,
    consultant office, drawings and conditions of approval (and the engineers reviews can be
    assigned to, for the supervisor)."""
    client = api.client
    application = api.application(app_id).body
    invoices = client.request("GET", f"/v1/applications/{app_id}/invoices").json()
    schedule = parse_schedule(client.request("GET", "/v1/fee-schedules/current").json())
    conditions = client.request("GET", f"/v1/applications/{app_id}/conditions").json()
    return CaseFile(application, api.history(app_id), api.cycles(app_id), api.comments(app_id),
                    api.fees(app_id), invoices.get("items", []), schedule,
                    api.account(application["office_id"])["office"],
                    tuple(api.documents(app_id)), tuple(conditions.get("items", [])),
                    tuple(api.users(role=Role.ENGINEER)) if with_engineers else ())



class ApprovedSetError(PlanReviewError):
    """The approved set that arrived is not the one the permit names."""


@dataclass(frozen=True)
class ApprovedSetCopy:
    path: Path
    permit: dict[str, Any]
    verification: Verification


def fetch_approved_set(api: PermitApi, app_id: str, folder: Path,
                       trust_root: Path | None = None) -> ApprovedSetCopy:
    """Downloads the application's stamped, signed approved set and verifies it against the
    given root certificate, else the one the permit server publishes."""
    permit = api.permit_of(app_id)
    data = api.approved_set(permit["permit_no"])
    if hashlib.sha256(data).hexdigest() != permit["approved_set_sha256"]:
        raise ApprovedSetError(f"the approved set of permit {permit['permit_no']} arrived"
                               " changed or incomplete; open it again")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{permit['permit_no']}-approved-set.pdf"
    path.write_bytes(data)
    if trust_root is None:
        trust_root = folder / "server-trust-root.pem"
        trust_root.write_bytes(api.trust_root())
    return ApprovedSetCopy(path, permit, verify_approved_set(path, trust_root))
