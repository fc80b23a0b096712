"""The permit application's states and the one table of transitions between them.

Plain data shared by the permit server (which enforces it) and the desktop (which offers only
the actions the table allows). A transition is (from_state, action, role, guard) -> to_state;
a guard names a condition on `Facts` that must hold, and says why not when it does not.
Transitions with the role SYSTEM are taken by the server itself when their guard becomes true
(a cycle closing, the last invoice being paid); people cannot ask for them.

Decisions of the discipline reviews roll up to the cycle's outcome by severity:
REJECTED > REVISION_REQUIRED > APPROVED_WITH_COMMENTS > APPROVED > NOT_REQUIRED.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from review.errors import PlanReviewError


class State(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    IN_REVIEW = "IN_REVIEW"
    CORRECTIONS_REQUIRED = "CORRECTIONS_REQUIRED"
    PENDING_PAYMENT = "PENDING_PAYMENT"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    ISSUED = "ISSUED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class Role(StrEnum):
    CONSULTANT = "consultant"
    INTAKE_CLERK = "intake_clerk"
    ENGINEER = "engineer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"  # the server itself, never a user's role


class Decision(StrEnum):
    APPROVED = "APPROVED"
    APPROVED_WITH_COMMENTS = "APPROVED_WITH_COMMENTS"
    REVISION_REQUIRED = "REVISION_REQUIRED"
    REJECTED = "REJECTED"
    NOT_REQUIRED = "NOT_REQUIRED"


# Least severe first: the outcome of a cycle is the decision with the highest index.
SEVERITY: tuple[Decision, ...] = (Decision.NOT_REQUIRED, Decision.APPROVED,
                                  Decision.APPROVED_WITH_COMMENTS, Decision.REVISION_REQUIRED,
                                  Decision.REJECTED)

# Disciplines every review cycle opens a review for; intake is checked before cycle 1 opens.
REVIEW_DISCIPLINES: tuple[str, ...] = ("architectural", "structural")
INTAKE = "intake"

# The intake check's actions: they carry the intake checklist's results to the history.
INTAKE_CHECK_ACTIONS: tuple[str, ...] = ("accept", "return")

# States in which the consultant may add or replace drawings.
EDITABLE_BY_CONSULTANT: frozenset[State] = frozenset(
    {State.DRAFT, State.RETURNED, State.CORRECTIONS_REQUIRED})
FINAL_STATES: frozenset[State] = frozenset({State.ISSUED, State.REJECTED, State.WITHDRAWN})
# Once approved, the fees are final: no refund, waiver or re-assessment changes them.
FEES_FINAL: frozenset[State] = frozenset({State.APPROVED, State.ISSUED})
# Final states in which the application's money is settled by the closing rule (open invoices
# voided, permit-stage payments refunded, the application fee forfeited).
CLOSED_UNISSUED: frozenset[State] = frozenset({State.REJECTED, State.WITHDRAWN})
# States whose review record (comments, conditions, decisions) can no longer change: an issued
# permit's approved set printed them, and what it printed must stay what the server holds.
FROZEN_STATES: frozenset[State] = frozenset({State.ISSUED})

# Whose turn it is: the states in which an application waits for someone of each role (the
# supervisor's approval queue holds applications to approve and permits to issue).
WAITING_ON: dict[Role, frozenset[State]] = {
    Role.CONSULTANT: frozenset({State.DRAFT, State.RETURNED, State.CORRECTIONS_REQUIRED,
                                State.PENDING_PAYMENT}),
    # PENDING_PAYMENT: the fee assessor reviews the assessed fees and invoices them
    Role.INTAKE_CLERK: frozenset({State.SUBMITTED, State.PENDING_PAYMENT}),
    Role.ENGINEER: frozenset({State.IN_REVIEW}),
    Role.SUPERVISOR: frozenset({State.PENDING_APPROVAL, State.APPROVED}),
}


class TransitionError(PlanReviewError):
    """The state table does not allow this action now; the message says why."""


class RoleNotAllowedError(TransitionError):
    """The action exists in this state, but for another role."""


def cycle_outcome(decisions: Iterable[Decision | str]) -> Decision | None:
    """The most severe decision, or None when there is none yet."""
    ranked = [SEVERITY.index(Decision(d)) for d in decisions]
    return SEVERITY[max(ranked)] if ranked else None


@dataclass(frozen=True)
class Facts:
    """What the guards look at, gathered by whoever asks (the server from its database)."""

    document_count: int = 0
    note: str = ""
    cycle_outcome: Decision | None = None  # of the latest closed cycle
    cycle_open: bool = False
    application_fee_settled: bool = True   # application-stage fees paid or waived
    permit_fees_settled: bool = False      # every fee paid or waived, and at least one invoice
    fees_owed: bool = False                # an assessed or invoiced fee is neither paid nor waived
    fee_gates: bool = True                 # configuration: fees must be paid at the gates


Guard = Callable[[Facts], str | None]  # None: allowed; otherwise the reason it is not


def _has_documents(f: Facts) -> str | None:
    return None if f.document_count else "upload at least one drawing before submitting"


def _has_note(f: Facts) -> str | None:
    return None if f.note.strip() else "write a note saying what the consultant must fix"


def _application_fee_settled(f: Facts) -> str | None:
    if not f.fee_gates or f.application_fee_settled:
        return None
    return "the application fee must be paid before the submission can be accepted"


def _outcome(*wanted: Decision) -> Guard:
    def guard(f: Facts) -> str | None:
        if not f.cycle_open and f.cycle_outcome in wanted:
            return None
        return f"the review cycle must be closed with outcome {' or '.join(wanted)}"
    return guard


def _fees_settled(f: Facts) -> str | None:
    if not f.fee_gates or f.permit_fees_settled:
        return None
    return "every permit fee must be invoiced and paid first"


def _fees_owed(f: Facts) -> str | None:
    # a refund, a re-assessment or a supplementary fee after the payment gate was passed
    if f.fee_gates and f.fees_owed:
        return None
    return "nothing is owed"


GUARDS: dict[str, Guard] = {
    "has_documents": _has_documents,
    "has_note": _has_note,
    "application_fee_settled": _application_fee_settled,
    "outcome_revision_required": _outcome(Decision.REVISION_REQUIRED),
    "outcome_rejected": _outcome(Decision.REJECTED),
    "outcome_approved": _outcome(Decision.APPROVED, Decision.APPROVED_WITH_COMMENTS,
                                 Decision.NOT_REQUIRED),
    "fees_settled": _fees_settled,
    "fees_owed": _fees_owed,
}


@dataclass(frozen=True)
class Transition:
    from_state: State
    action: str
    role: Role
    to_state: State
    guard: str | None = None
    opens_cycle: bool = False  # taking it opens the next review cycle


_WITHDRAWABLE = (State.DRAFT, State.SUBMITTED, State.RETURNED, State.IN_REVIEW,
                 State.CORRECTIONS_REQUIRED, State.PENDING_PAYMENT, State.PENDING_APPROVAL)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.DRAFT, "submit", Role.CONSULTANT, State.SUBMITTED, "has_documents"),
    Transition(State.SUBMITTED, "accept", Role.INTAKE_CLERK, State.IN_REVIEW,
               "application_fee_settled", opens_cycle=True),
    Transition(State.SUBMITTED, "return", Role.INTAKE_CLERK, State.RETURNED, "has_note"),
    Transition(State.RETURNED, "resubmit", Role.CONSULTANT, State.SUBMITTED, "has_documents"),
    Transition(State.IN_REVIEW, "require_corrections", Role.SYSTEM, State.CORRECTIONS_REQUIRED,
               "outcome_revision_required"),
    Transition(State.IN_REVIEW, "complete_review", Role.SYSTEM, State.PENDING_PAYMENT,
               "outcome_approved"),
    Transition(State.IN_REVIEW, "reject", Role.SUPERVISOR, State.REJECTED, "outcome_rejected"),
    Transition(State.CORRECTIONS_REQUIRED, "resubmit", Role.CONSULTANT, State.IN_REVIEW,
               "has_documents", opens_cycle=True),
    Transition(State.PENDING_PAYMENT, "fees_paid", Role.SYSTEM, State.PENDING_APPROVAL,
               "fees_settled"),
    # money can become owed again after the gate (a refund, a re-assessment): back to it
    Transition(State.PENDING_APPROVAL, "fees_owed", Role.SYSTEM, State.PENDING_PAYMENT,
               "fees_owed"),
    # approve and issue check the gate again: nothing may be owed on an approved permit
    Transition(State.PENDING_APPROVAL, "approve", Role.SUPERVISOR, State.APPROVED,
               "fees_settled"),
    Transition(State.PENDING_APPROVAL, "reject", Role.SUPERVISOR, State.REJECTED, "has_note"),
    Transition(State.PENDING_APPROVAL, "send_back", Role.SUPERVISOR, State.IN_REVIEW, "has_note",
               opens_cycle=True),
    Transition(State.PENDING_APPROVAL, "send_back_for_corrections", Role.SUPERVISOR,
               State.CORRECTIONS_REQUIRED, "has_note"),
    Transition(State.APPROVED, "issue", Role.SUPERVISOR, State.ISSUED, "fees_settled"),
    # the approved set could not be built from a drawing: the consultant replaces it
    Transition(State.APPROVED, "send_back_for_replacement", Role.SUPERVISOR,
               State.CORRECTIONS_REQUIRED, "has_note"),
    *(Transition(state, "withdraw", Role.CONSULTANT, State.WITHDRAWN)
      for state in _WITHDRAWABLE),
)

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(t.action for t in TRANSITIONS))


# The steps that open a review cycle the resubmission fee charges for: the consultant's
# corrections. A cycle the supervisor's send_back opens is the authority's own and is free.
CHARGED_RESUBMISSIONS: frozenset[tuple[State, str]] = frozenset(
    {(State.CORRECTIONS_REQUIRED, "resubmit")})


def chargeable_resubmissions(steps: Iterable[tuple[str, str]]) -> int:
    """How many of the history's (from_state, action) steps opened a chargeable cycle."""
    return sum(1 for step in steps if tuple(step) in CHARGED_RESUBMISSIONS)


def transitions_from(state: State | str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.from_state == State(state))


def find_transition(state: State | str, action: str, role: Role | str) -> Transition:
    """The row for this state, action and role, or TransitionError saying why there is none."""
    state = State(state)
    rows = [t for t in transitions_from(state) if t.action == action]
    if not rows:
        allowed = ", ".join(sorted({t.action for t in transitions_from(state)
                                    if t.role != Role.SYSTEM})) or "none"
        raise TransitionError(f"'{action}' is not possible while the application is {state}"
                              f" (possible now: {allowed})")
    for row in rows:
        if row.role == Role(role):
            return row
    roles = " or ".join(sorted({r.role.value.replace("_", " ") for r in rows}))
    raise RoleNotAllowedError(f"only the {roles} can {action} an application that is {state}")


def check_guard(transition: Transition, facts: Facts) -> None:
    if transition.guard is not None:
        reason = GUARDS[transition.guard](facts)
        if reason:
            raise TransitionError(reason)


def automatic_transition(state: State | str, facts: Facts) -> Transition | None:
    """The SYSTEM transition whose guard holds now, if any."""
    for row in transitions_from(state):
        if row.role == Role.SYSTEM and (row.guard is None or GUARDS[row.guard](facts) is None):
            return row
    return None


def actions_for(state: State | str, role: Role | str) -> tuple[str, ...]:
    """The actions a person with this role may ask for in this state (guards not checked)."""
    return tuple(t.action for t in transitions_from(state) if t.role == Role(role))
