"""The one state table: every transition, guards, automatic steps and the cycle outcome."""
from __future__ import annotations

import pytest

from review import workflow as wf
from review.workflow import Decision, Facts, Role, State


def test_every_transition_leads_to_a_known_state_and_names_a_known_guard():
    for row in wf.TRANSITIONS:
        assert row.to_state in State and row.from_state in State
        assert row.guard is None or row.guard in wf.GUARDS
    rows = [(t.from_state, t.action, t.role) for t in wf.TRANSITIONS]
    assert len(rows) == len(set(rows)), "one row per (state, action, role)"


def test_final_states_have_no_way_out():
    for state in wf.FINAL_STATES:
        assert wf.transitions_from(state) == ()


def test_every_state_before_approval_can_be_withdrawn_by_the_consultant():
    for state in (State.DRAFT, State.SUBMITTED, State.RETURNED, State.IN_REVIEW,
                  State.CORRECTIONS_REQUIRED, State.PENDING_PAYMENT, State.PENDING_APPROVAL):
        assert wf.find_transition(state, "withdraw", Role.CONSULTANT).to_state == State.WITHDRAWN
    with pytest.raises(wf.TransitionError):
        wf.find_transition(State.APPROVED, "withdraw", Role.CONSULTANT)


def test_wrong_role_and_impossible_action_say_why():
    with pytest.raises(wf.TransitionError, match="only the intake clerk can accept"):
        wf.find_transition(State.SUBMITTED, "accept", Role.CONSULTANT)
    with pytest.raises(wf.TransitionError, match="possible now: accept, return, withdraw"):
        wf.find_transition(State.SUBMITTED, "approve", Role.SUPERVISOR)


def test_guards_block_with_a_reason():
    submit = wf.find_transition(State.DRAFT, "submit", Role.CONSULTANT)
    with pytest.raises(wf.TransitionError, match="upload at least one drawing"):
        wf.check_guard(submit, Facts(document_count=0))
    wf.check_guard(submit, Facts(document_count=1))
    give_back = wf.find_transition(State.SUBMITTED, "return", Role.INTAKE_CLERK)
    with pytest.raises(wf.TransitionError, match="write a note"):
        wf.check_guard(give_back, Facts(note="  "))


def test_the_application_fee_gate_is_configuration():
    accept = wf.find_transition(State.SUBMITTED, "accept", Role.INTAKE_CLERK)
    with pytest.raises(wf.TransitionError, match="application fee"):
        wf.check_guard(accept, Facts(application_fee_settled=False))
    wf.check_guard(accept, Facts(application_fee_settled=False, fee_gates=False))


@pytest.mark.parametrize("outcome, expected", [
    (Decision.REVISION_REQUIRED, State.CORRECTIONS_REQUIRED),
    (Decision.APPROVED, State.PENDING_PAYMENT),
    (Decision.APPROVED_WITH_COMMENTS, State.PENDING_PAYMENT),
    (Decision.REJECTED, None),  # the supervisor confirms a rejection
])
def test_a_closed_cycle_moves_the_application_by_its_outcome(outcome, expected):
    auto = wf.automatic_transition(State.IN_REVIEW, Facts(cycle_outcome=outcome))
    assert (auto.to_state if auto else None) == expected
    assert wf.automatic_transition(State.IN_REVIEW,
                                   Facts(cycle_outcome=outcome, cycle_open=True)) is None


def test_paid_fees_move_pending_payment_on_and_gates_off_skip_it():
    assert wf.automatic_transition(State.PENDING_PAYMENT, Facts()) is None
    assert wf.automatic_transition(State.PENDING_PAYMENT, Facts(permit_fees_settled=True)
                                   ).to_state == State.PENDING_APPROVAL
    assert wf.automatic_transition(State.PENDING_PAYMENT, Facts(fee_gates=False)
                                   ).to_state == State.PENDING_APPROVAL


def test_cycle_outcome_is_the_most_severe_decision():
    assert wf.cycle_outcome([]) is None
    assert wf.cycle_outcome(["APPROVED", "NOT_REQUIRED"]) == Decision.APPROVED
    assert wf.cycle_outcome([Decision.APPROVED_WITH_COMMENTS, Decision.APPROVED]
                            ) == Decision.APPROVED_WITH_COMMENTS
    assert wf.cycle_outcome(["APPROVED", "REVISION_REQUIRED", "APPROVED_WITH_COMMENTS"]
                            ) == Decision.REVISION_REQUIRED
    assert wf.cycle_outcome(["REJECTED", "REVISION_REQUIRED"]) == Decision.REJECTED


def test_people_are_offered_only_their_own_actions():
    assert wf.actions_for(State.SUBMITTED, Role.INTAKE_CLERK) == ("accept", "return")
    assert wf.actions_for(State.IN_REVIEW, Role.CONSULTANT) == ("withdraw",)
    assert "require_corrections" not in wf.actions_for(State.IN_REVIEW, Role.SUPERVISOR)


def test_money_owed_after_the_gate_moves_back_to_it_and_approve_and_issue_check_again():
    back = wf.automatic_transition(State.PENDING_APPROVAL, Facts(fees_owed=True))
    assert back.action == "fees_owed" and back.to_state == State.PENDING_PAYMENT
    assert wf.automatic_transition(State.PENDING_APPROVAL, Facts()) is None
    assert wf.automatic_transition(State.PENDING_APPROVAL,
                                   Facts(fees_owed=True, fee_gates=False)) is None
    for state, action in ((State.PENDING_APPROVAL, "approve"), (State.APPROVED, "issue")):
        row = wf.find_transition(state, action, Role.SUPERVISOR)
        with pytest.raises(wf.TransitionError, match="paid"):
            wf.check_guard(row, Facts(permit_fees_settled=False))
        wf.check_guard(row, Facts(permit_fees_settled=True))
