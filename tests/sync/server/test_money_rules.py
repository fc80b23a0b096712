"""The money rules and the assessor step against the real server (docs/permit-api.md, "Money
rules"): refunds, waivers and re-assessments send the application back to the payment gate or
are refused after approval; withdrawal closes the accounts; the resubmission fee charges only
the consultant's corrections; separation of duties; a REJECTED last decision can be reopened;
the intake checklist reaches the server."""
from __future__ import annotations

import pytest

from tests.sync.server.support import (User, act, add_document, comment, create_application,
                                       decide, in_review, issue, ok, problem, reviews,
                                       running_server, server_settings)
from tests.sync.server.test_gross_area import first_document, measured, take


def reviewed(users, consultant: str = "consultant1") -> dict:
    """An application both disciplines approved by their engineers: PENDING_PAYMENT."""
    app = in_review(users[consultant], users["intake1"])
    cycle = reviews(users["arch1"], app["id"], app["current_cycle"])
    decide(users["arch1"], app["id"], cycle["architectural"], "APPROVED")
    decide(users["struct1"], app["id"], cycle["structural"], "APPROVED")
    return ok(users["intake1"].get(f"/v1/applications/{app['id']}"))


def invoice_and_pay(users, app: dict) -> dict:
    """The assessor invoices what is assessed and the office pays it; the payment."""
    invoice = ok(users["intake1"].post(f"/v1/applications/{app['id']}/invoices"), 201)
    return ok(users["consultant1"].post("/v1/payments", {"invoice_id": invoice["id"]}), 201)


def pending_approval(users) -> tuple[dict, dict]:
    app = reviewed(users)
    payment = invoice_and_pay(users, app)
    app = ok(users["supervisor1"].get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "PENDING_APPROVAL"
    return app, payment


def state(user: User, app: dict) -> str:
    return ok(user.get(f"/v1/applications/{app['id']}"))["state"]


def balance(user: User) -> int:
    return ok(user.get(f"/v1/offices/{user.me['office']['id']}/account"))["balance_baisa"]


def fees(user: User, app: dict) -> dict[str, list[tuple[int, str]]]:
    items: dict[str, list[tuple[int, str]]] = {}
    for item in ok(user.get(f"/v1/applications/{app['id']}/fees"))["items"]:
        items.setdefault(item["code"], []).append((item["amount_baisa"], item["status"]))
    return {code: sorted(rows) for code, rows in items.items()}


def test_a_refund_before_approval_sends_the_application_back_to_the_payment_gate(users):
    supervisor, consultant = users["supervisor1"], users["consultant1"]
    app, payment = pending_approval(users)
    refunded = ok(supervisor.post(f"/v1/payments/{payment['id']}/refund"))
    assert (refunded["status"], refunded["refunded_baisa"]) == ("REFUNDED", payment["amount_baisa"])
    assert state(supervisor, app) == "PENDING_PAYMENT"
    invoice = ok(consultant.get(f"/v1/invoices/{payment['invoice_id']}"))
    assert invoice["status"] == "OPEN"
    # neither approve nor issue goes through with money owed
    problem(supervisor.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "approve", "from_state": "PENDING_PAYMENT"}),
            409, "invalid-transition")
    ok(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}), 201)
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "PENDING_APPROVAL"
    steps = [h["action"] for h in ok(supervisor.get(f"/v1/applications/{app['id']}/history")
                                     )["items"]]
    assert steps[-4:] == ["refund", "fees_owed", "payment", "fees_paid"]


def test_no_refund_waiver_or_reassessment_after_approval_and_the_permit_has_no_open_invoice(
        users):
    supervisor, intake, consultant = users["supervisor1"], users["intake1"], users["consultant1"]
    app, payment = pending_approval(users)
    app = act(supervisor, app, "approve", "approved")
    for issued in (False, True):
        problem(supervisor.post(f"/v1/payments/{payment['id']}/refund"), 409, "fees-final")
        problem(intake.post(f"/v1/applications/{app['id']}/fees/assess"), 409, "fees-final")
        problem(intake.post(f"/v1/applications/{app['id']}/invoices"), 409, "fees-final")
        if not issued:
            problem(take(intake, app, measured(app, first_document(intake, app))), 409,
                    "fees-final")
            assert issue(supervisor, app)["state"] == "succeeded"
            app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "ISSUED"
    assert {i["status"] for i in ok(consultant.get(
        f"/v1/applications/{app['id']}/invoices"))["items"]} == {"PAID"}
    assert ok(consultant.get(f"/v1/payments/{payment['id']}"))["status"] == "COMPLETED"


def test_withdrawing_a_paid_application_refunds_the_permit_fees_and_forfeits_the_application_fee(
        users):
    consultant = users["consultant1"]
    app, payment = pending_approval(users)
    before = balance(consultant)
    app = act(consultant, app, "withdraw", "the owner sold the plot")
    assert app["state"] == "WITHDRAWN"
    application_fee = 30_000
    refund = payment["amount_baisa"] - application_fee
    assert balance(consultant) == before + refund
    ledger = ok(consultant.get(f"/v1/offices/{consultant.me['office']['id']}/account"))
    newest = [(e["kind"], e["amount_baisa"]) for e in ledger["entries"][:2]]
    assert sorted(newest) == [("forfeit", 0), ("refund", refund)]
    forfeit = next(e for e in ledger["entries"][:2] if e["kind"] == "forfeit")
    assert "30.000 OMR" in forfeit["reference"] and payment["id"] in forfeit["reference"]
    paid = ok(consultant.get(f"/v1/payments/{payment['id']}"))
    assert (paid["status"], paid["refunded_baisa"]) == ("PARTLY_REFUNDED", refund)
    assert {code: {s for _, s in rows} for code, rows in fees(consultant, app).items()} == {
        "APPLICATION": {"PAID"}, "SERVICE": {"REFUNDED"}, "BUILDING_AREA": {"REFUNDED"},
        "INSPECTION": {"REFUNDED"}}
    entry = ok(consultant.get(f"/v1/applications/{app['id']}/history"))["items"][-1]
    assert entry["action"] == "close_accounts" and "forfeited" in entry["note"]
    # the supervisor may still give the application fee back: what is left of the payment
    ok(users["supervisor1"].post(f"/v1/payments/{payment['id']}/refund"))
    assert balance(consultant) == before + payment["amount_baisa"]
    problem(users["supervisor1"].post(f"/v1/payments/{payment['id']}/refund"),
            409, "already-refunded")


def test_withdrawing_with_an_open_invoice_voids_it(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = reviewed(users)
    invoice = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    before = balance(consultant)
    act(consultant, ok(consultant.get(f"/v1/applications/{app['id']}")), "withdraw")
    assert ok(consultant.get(f"/v1/invoices/{invoice['id']}"))["status"] == "VOID"
    problem(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}), 409,
            "invoice-not-open")
    assert balance(consultant) == before


def test_the_resubmission_fee_charges_the_consultants_corrections_not_a_send_back(users):
    consultant, intake, arch, struct = (users["consultant1"], users["intake1"], users["arch1"],
                                        users["struct1"])
    supervisor = users["supervisor1"]
    app, _ = pending_approval(users)
    app = act(supervisor, app, "send_back", "check the parking count again")
    assert (app["state"], app["current_cycle"]) == ("IN_REVIEW", 2)
    cycle = reviews(arch, app["id"], 2)
    comment(arch, app["id"], "Parking count short by one")
    decide(arch, app["id"], cycle["architectural"], "REVISION_REQUIRED")
    decide(struct, app["id"], cycle["structural"], "APPROVED")
    app = act(consultant, ok(consultant.get(f"/v1/applications/{app['id']}")), "resubmit")
    assert app["current_cycle"] == 3
    cycle = reviews(arch, app["id"], 3)
    decide(arch, app["id"], cycle["architectural"], "APPROVED")
    decide(struct, app["id"], cycle["structural"], "APPROVED")
    # cycle 2 (the supervisor's send_back) is free, cycle 3 (the corrections) is charged
    assert fees(intake, app)["RESUBMISSION"] == [(5_000, "ASSESSED")]
    assert state(intake, app) == "PENDING_PAYMENT"


def test_a_send_back_with_nothing_new_owed_passes_the_paid_gate_again(users):
    supervisor, arch, struct = users["supervisor1"], users["arch1"], users["struct1"]
    app, _ = pending_approval(users)
    app = act(supervisor, app, "send_back", "recheck the stair widths")
    cycle = reviews(arch, app["id"], 2)
    decide(arch, app["id"], cycle["architectural"], "APPROVED")
    decide(struct, app["id"], cycle["structural"], "APPROVED")
    assert state(supervisor, app) == "PENDING_APPROVAL"
    assert "RESUBMISSION" not in fees(supervisor, app)


def test_fees_wait_for_the_assessor_and_an_explicit_assessment_is_by_the_assessor(users):
    intake, consultant = users["intake1"], users["consultant1"]
    app = reviewed(users)
    assert app["state"] == "PENDING_PAYMENT"
    assert {s for rows in fees(intake, app).values() for _, s in rows} == {"ASSESSED"}
    assert ok(consultant.get(f"/v1/applications/{app['id']}/invoices"))["items"] == []
    entries = ok(intake.get(f"/v1/applications/{app['id']}/history"))["items"]
    assert [(e["action"], e["actor"]) for e in entries if e["action"] == "assess_fees"] == [
        ("assess_fees", None)]  # the server assessed on entering PENDING_PAYMENT
    ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    entry = ok(intake.get(f"/v1/applications/{app['id']}/history"))["items"][-1]
    assert (entry["action"], entry["actor"]) == ("assess_fees", "intake1")
    assert "400.00 m²" in entry["note"]


def test_a_smaller_measured_area_after_payment_is_a_credit_note(users):
    intake, consultant = users["intake1"], users["consultant1"]
    app, payment = pending_approval(users)
    before = balance(consultant)
    app = ok(intake.get(f"/v1/applications/{app['id']}"))
    taken = ok(take(intake, app, measured(app, first_document(intake, app), area="300.00",
                                          measured_m2="300.001")))
    assert taken["state"] == "PENDING_PAYMENT"  # a credit is owed to the office
    # 100 m2 less: the building fee 50.000 OMR and its 10% levy 5.000 OMR are credited
    assert fees(intake, app)["BUILDING_AREA"] == [(-50_000, "ASSESSED"), (200_000, "PAID")]
    credit = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    assert (credit["status"], credit["total_baisa"]) == ("CREDITED", -55_000)
    assert balance(consultant) == before + 55_000
    assert ok(consultant.get(f"/v1/offices/{consultant.me['office']['id']}/account")
              )["entries"][0]["kind"] == "credit"
    assert state(intake, app) == "PENDING_APPROVAL"
    # withdrawing now refunds what stays paid of the permit fees, not the credit twice
    act(consultant, ok(consultant.get(f"/v1/applications/{app['id']}")), "withdraw")
    assert balance(consultant) == before + payment["amount_baisa"] - 30_000


def test_a_larger_measured_area_after_payment_is_a_supplementary_invoice(users):
    intake, consultant, supervisor = users["intake1"], users["consultant1"], users["supervisor1"]
    app, _ = pending_approval(users)
    app = ok(intake.get(f"/v1/applications/{app['id']}"))
    taken = ok(take(intake, app, measured(app, first_document(intake, app), area="500.00",
                                          measured_m2="500.00")))
    assert taken["state"] == "PENDING_PAYMENT"
    problem(supervisor.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "approve", "from_state": "PENDING_PAYMENT"}),
            409, "invalid-transition")
    supplement = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    assert (supplement["status"], supplement["total_baisa"]) == ("OPEN", 55_000)
    ok(consultant.post("/v1/payments", {"invoice_id": supplement["id"]}), 201)
    assert state(supervisor, app) == "PENDING_APPROVAL"


def test_a_measurement_while_the_invoice_is_open_replaces_it_and_nothing_is_left_uninvoiced(
        users):
    intake, consultant = users["intake1"], users["consultant1"]
    app = reviewed(users)
    first = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    app = ok(intake.get(f"/v1/applications/{app['id']}"))
    ok(take(intake, app, measured(app, first_document(intake, app), area="420.00",
                                  measured_m2="420.00")))
    assert ok(consultant.get(f"/v1/invoices/{first['id']}"))["status"] == "VOID"
    problem(consultant.post("/v1/payments", {"invoice_id": first["id"]}), 409,
            "invoice-not-open")
    assert fees(intake, app)["BUILDING_AREA"] == [(200_000, "VOIDED"), (210_000, "ASSESSED")]
    second = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    assert second["total_baisa"] == first["total_baisa"] + 11_000
    problem(intake.post(f"/v1/applications/{app['id']}/invoices"), 409, "nothing-to-invoice")
    ok(consultant.post("/v1/payments", {"invoice_id": second["id"]}), 201)
    assert state(intake, app) == "PENDING_APPROVAL"


def test_a_waiver_that_settles_the_last_fee_passes_the_gate_and_small_ones_need_one_person(
        users):
    supervisor, intake = users["supervisor1"], users["intake1"]
    app = reviewed(users)
    items = ok(intake.get(f"/v1/applications/{app['id']}/fees"))["items"]
    for item in sorted(items, key=lambda i: i["amount_baisa"]):
        path = f"/v1/applications/{app['id']}/fees/{item['id']}/waive"
        first = ok(supervisor.post(path, {"note": "public school"}))
        if item["amount_baisa"] > 50_000:
            assert first["status"] == "ASSESSED"
            first = ok(users["supervisor2"].post(path, {"note": "confirmed"}))
        assert first["status"] == "WAIVED"
    assert state(supervisor, app) == "PENDING_APPROVAL"


def test_the_approver_cannot_be_the_only_decider(users):
    consultant, intake = users["consultant1"], users["intake1"]
    supervisor, second = users["supervisor1"], users["supervisor2"]
    app = in_review(consultant, intake)
    cycle = reviews(supervisor, app["id"], 1)
    decide(supervisor, app["id"], cycle["architectural"], "APPROVED")
    decide(supervisor, app["id"], cycle["structural"], "APPROVED")
    app = ok(intake.get(f"/v1/applications/{app['id']}"))
    invoice_and_pay(users, app)
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    refused = problem(supervisor.post(
        f"/v1/applications/{app['id']}/transitions",
        {"action": "approve", "from_state": "PENDING_APPROVAL"}), 409, "separation-of-duties")
    assert "another supervisor" in refused["detail"]
    assert act(second, app, "approve")["state"] == "APPROVED"


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql",
                                                             marks=pytest.mark.postgres)])
def test_separation_of_duties_is_configuration(database, tmp_path):
    with server_settings(database, tmp_path, separation_of_duties=False) as settings, \
            running_server(settings) as server:
        people = {name: User(server.url, name)
                  for name in ("consultant1", "intake1", "supervisor1")}
        supervisor = people["supervisor1"]
        app = in_review(people["consultant1"], people["intake1"])
        cycle = reviews(supervisor, app["id"], 1)
        decide(supervisor, app["id"], cycle["architectural"], "APPROVED")
        decide(supervisor, app["id"], cycle["structural"], "APPROVED")
        items = ok(supervisor.get(f"/v1/applications/{app['id']}/fees"))["items"]
        for item in items:  # one person waives everything, large or small
            waived = ok(supervisor.post(f"/v1/applications/{app['id']}/fees/{item['id']}/waive",
                                        {"note": "pilot project"}))
            assert waived["status"] == "WAIVED"
        app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
        assert act(supervisor, app, "approve")["state"] == "APPROVED"


def test_a_rejected_last_decision_can_be_reopened_by_the_supervisor(users):
    consultant, intake, arch, struct = (users["consultant1"], users["intake1"], users["arch1"],
                                        users["struct1"])
    supervisor = users["supervisor1"]
    app = in_review(consultant, intake)
    cycle = reviews(arch, app["id"], 1)
    decide(struct, app["id"], cycle["structural"], "APPROVED")
    rejected = decide(arch, app["id"], cycle["architectural"], "REJECTED", "wrong land use")
    assert ok(supervisor.get(f"/v1/applications/{app['id']}/cycles/1"))["outcome"] == "REJECTED"
    path = f"/v1/applications/{app['id']}/cycles/1/reviews/{rejected['id']}"
    problem(arch.patch(path, {"reopen": True}, if_match=rejected["version"]), 403, "forbidden")
    reopened = ok(supervisor.patch(path, {"reopen": True}, if_match=rejected["version"]))
    assert reopened["decision"] is None
    opened = ok(supervisor.get(f"/v1/applications/{app['id']}/cycles/1"))
    assert (opened["closed_at"], opened["outcome"]) == (None, None)
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "IN_REVIEW"
    problem(supervisor.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "reject", "from_state": "IN_REVIEW", "note": "no"}),
            409, "invalid-transition")  # the cycle is open again
    decide(arch, app["id"], reopened, "APPROVED", "land use confirmed by planning")
    assert state(supervisor, app) == "PENDING_PAYMENT"
    entry = next(h for h in ok(supervisor.get(f"/v1/applications/{app['id']}/history")
                               )["items"] if h["action"] == "reopen_review")
    assert "cycle 1 is open again" in entry["note"] and entry["actor"] == "supervisor1"


def test_a_confirmed_rejection_is_not_reopened(users):
    consultant, intake, supervisor = users["consultant1"], users["intake1"], users["supervisor1"]
    app = in_review(consultant, intake)
    cycle = reviews(supervisor, app["id"], 1)
    decide(users["struct1"], app["id"], cycle["structural"], "APPROVED")
    rejected = decide(users["arch1"], app["id"], cycle["architectural"], "REJECTED")
    act(supervisor, ok(supervisor.get(f"/v1/applications/{app['id']}")), "reject", "confirmed")
    problem(supervisor.patch(f"/v1/applications/{app['id']}/cycles/1/reviews/{rejected['id']}",
                             {"reopen": True}, if_match=rejected["version"]),
            409, "cycle-closed")


def test_the_intake_checklist_results_are_kept_with_the_intake_decision(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = create_application(consultant)
    add_document(consultant, app["id"])
    app = act(consultant, app, "submit")
    checklist = [
        {"item": "title-deed", "text": "Title deed", "status": "pass", "note": ""},
        {"item": "soil-report", "text": "Soil report", "status": "fail",
         "note": "missing page 3"},
        {"item": "noc-civil-defence", "text": "Civil defence NOC", "status": "not_applicable",
         "note": ""},
    ]
    problem(consultant.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "withdraw", "from_state": "SUBMITTED",
                             "checklist": checklist}), 422, "checklist-not-expected")
    returned = ok(intake.post(f"/v1/applications/{app['id']}/transitions",
                              {"action": "return", "from_state": "SUBMITTED",
                               "note": "soil report incomplete", "checklist": checklist}))
    assert returned["state"] == "RETURNED"
    for reader in (intake, consultant):  # the consultant sees why it came back
        entry = next(h for h in ok(reader.get(f"/v1/applications/{app['id']}/history")
                                   )["items"] if h["action"] == "return")
        assert entry["checklist"] == checklist and entry["actor"] == "intake1"
    problem(intake.post(f"/v1/applications/{app['id']}/transitions",
                        {"action": "return", "from_state": "RETURNED",
                         "checklist": [{"item": "x", "status": "maybe"}]}),
            422, "validation-error")
