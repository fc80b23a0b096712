"""A whole application through the real server: submission to issued permit, with a
corrections round, and what each party sees on the way."""
from __future__ import annotations

import hashlib
import uuid

import requests

from review.signing import CA_FOLDER, ROOT_FILE
from review.verify import verify_approved_set
from tests.sync.server.support import (act, add_document, comment, create_application, decide,
                                       in_review, issue, ok, problem, reviews)


def test_submission_corrections_resubmission_approval_payment_and_issue(server, users,
                                                                       tmp_path):
    consultant, intake = users["consultant1"], users["intake1"]
    arch, struct, supervisor = users["arch1"], users["struct1"], users["supervisor1"]

    app = create_application(consultant)
    assert app["state"] == "DRAFT" and app["ref"].startswith("MM-")
    problem(intake.get(f"/v1/applications/{app['id']}"), 404, "not-found")  # drafts are private
    problem(consultant.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "submit", "from_state": "DRAFT"}),
            409, "invalid-transition")  # no drawings yet
    first = add_document(consultant, app["id"])
    app = act(consultant, app, "submit")
    assert app["state"] == "SUBMITTED" and app["actions"] == ["withdraw"]

    app = act(intake, ok(intake.get(f"/v1/applications/{app['id']}")), "accept", "all present")
    assert app["state"] == "IN_REVIEW" and app["current_cycle"] == 1
    problem(intake.get(f"/v1/applications/{app['id']}/permit"), 404, "no-permit")
    cycle = ok(arch.get(f"/v1/applications/{app['id']}/cycles/1"))
    assert cycle["documents"] == [{"document_id": first["id"], "n": 1,
                                   "sha256": first["current"]["sha256"]}]
    assert {r["discipline"]: r["decision"] for r in cycle["reviews"]} == {
        "intake": "APPROVED", "architectural": None, "structural": None}

    # cycle 1: the architect asks for corrections, the structural engineer approves
    arch_review = reviews(supervisor, app["id"], 1)["architectural"]
    assigned = ok(supervisor.patch(
        f"/v1/applications/{app['id']}/cycles/1/reviews/{arch_review['id']}",
        {"assignee_id": arch.me["id"]}, if_match=arch_review["version"]))
    assert assigned["assignee"] == "arch1"
    assert [a["id"] for a in ok(arch.get("/v1/applications?assigned_to=me"))["items"]] == [
        app["id"]]
    setback = comment(arch, app["id"], "Front setback is 2.5 m; 3.0 m is required.")
    assert setback["status"] == "draft" and not setback["released"]
    assert ok(consultant.get(f"/v1/applications/{app['id']}/comments"))["items"] == []
    problem(consultant.get(f"/v1/applications/{app['id']}/comments/{setback['id']}"),
            404, "not-found")
    decide(struct, app["id"], reviews(struct, app["id"], 1)["structural"], "APPROVED")
    # the consultant learns the decisions when the cycle closes, and never the working notes
    ok(arch.patch(f"/v1/applications/{app['id']}/cycles/1/reviews/{arch_review['id']}",
                  {"notes": "internal: check with the planning section"},
                  if_match=assigned["version"]))
    seen = reviews(consultant, app["id"], 1)
    assert seen["structural"]["decision"] is None and seen["architectural"]["notes"] == ""
    assert "decision" not in [h["action"] for h in ok(
        consultant.get(f"/v1/applications/{app['id']}/history"))["items"]]
    decide(arch, app["id"], reviews(arch, app["id"], 1)["architectural"], "REVISION_REQUIRED",
           "see comments")

    app = ok(consultant.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "CORRECTIONS_REQUIRED" and app["actions"] == ["resubmit", "withdraw"]
    assert reviews(consultant, app["id"], 1)["structural"]["decision"] == "APPROVED"
    released = ok(consultant.get(f"/v1/applications/{app['id']}/comments"))["items"]
    assert [(c["id"], c["status"], c["released"]) for c in released] == [
        (setback["id"], "released", True)]
    answered = ok(consultant.post(
        f"/v1/applications/{app['id']}/comments/{setback['id']}/response",
        {"response": "Setback corrected on the site plan."}, if_match=released[0]["version"]))
    assert answered["status"] == "responded"

    # the consultant uploads a revision and resubmits: cycle 2 reviews the new version
    revised = add_document(consultant, app["id"], doc_id=first["id"], version=first["version"])
    assert [v["n"] for v in revised["versions"]] == [1, 2] and revised["current"]["cycle"] == 2
    app = act(consultant, app, "resubmit", "revision 2")
    assert app["state"] == "IN_REVIEW" and app["current_cycle"] == 2
    cycle2 = ok(arch.get(f"/v1/applications/{app['id']}/cycles/2"))
    assert cycle2["documents"][0]["n"] == 2
    carried = ok(arch.get(f"/v1/applications/{app['id']}/comments?cycle=2"))["items"]
    assert [(c["predecessor_id"], c["status"]) for c in carried] == [(setback["id"], "released")]
    assert ok(arch.get(f"/v1/applications/{app['id']}/comments/{setback['id']}")
              )["status"] == "carried_over"
    ok(arch.put(f"/v1/applications/{app['id']}/comments/{carried[0]['id']}",
                {"body": carried[0]["body"], "status": "resolved"},
                if_match=carried[0]["version"]))

    decide(arch, app["id"], reviews(arch, app["id"], 2)["architectural"], "APPROVED")
    decide(struct, app["id"], reviews(struct, app["id"], 2)["structural"],
           "APPROVED_WITH_COMMENTS", "note the soil report")
    app = ok(consultant.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "PENDING_PAYMENT"

    # fees were assessed on entering PENDING_PAYMENT; the assessor invoices; the office pays
    fees = ok(consultant.get(f"/v1/applications/{app['id']}/fees"))
    by_code = {f["code"]: f for f in fees["items"]}
    assert by_code["RESUBMISSION"]["amount_baisa"] == 5_000  # the corrections' cycle 2
    assert by_code["APPLICATION"]["amount_omr"] == "30.000 OMR"
    assert by_code["BUILDING_AREA"]["amount_baisa"] == 200_000  # 400 m2 x 0.500 OMR
    assert {f["status"] for f in fees["items"]} == {"ASSESSED"}
    assert ok(consultant.get(f"/v1/applications/{app['id']}/invoices"))["items"] == []
    assert "PENDING_PAYMENT" in [a["state"] for a in ok(intake.get("/v1/applications"))["items"]]
    ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    invoice = ok(consultant.get(f"/v1/applications/{app['id']}/invoices"))["items"][0]
    assert invoice["status"] == "OPEN" and invoice["total_baisa"] == fees["outstanding_baisa"]
    office = consultant.me["office"]["id"]
    before = ok(consultant.get(f"/v1/offices/{office}/account"))["balance_baisa"]
    payment = ok(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}), 201)
    assert payment["amount_baisa"] == invoice["total_baisa"]
    account = ok(consultant.get(f"/v1/offices/{office}/account"))
    assert account["balance_baisa"] == before - invoice["total_baisa"]
    assert account["entries"][0]["kind"] == "payment"
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "PENDING_APPROVAL" and "approve" in app["actions"]

    app = act(supervisor, app, "approve", "all conditions met")
    job = issue(supervisor, app)
    assert job["state"] == "succeeded", job
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "ISSUED" and app["actions"] == []
    permit_no = "BP-" + app["ref"].split("-", 1)[1]
    problem(users["consultant2"].get(f"/v1/applications/{app['id']}/permit"), 404, "not-found")
    assert ok(intake.get(f"/v1/applications/{app['id']}/permit"))["permit_no"] == permit_no
    permit = ok(consultant.get(f"/v1/permits/{permit_no}"))
    assert permit["application_ref"] == app["ref"] and permit["approver"] == "supervisor1"
    problem(users["consultant2"].get(f"/v1/permits/{permit_no}"), 404, "not-found")
    signed = consultant.get(f"/v1/permits/{permit_no}/approved-set")
    assert signed.status_code == 200 and signed.content.startswith(b"%PDF-")
    assert hashlib.sha256(signed.content).hexdigest() == permit["approved_set_sha256"]
    approved = tmp_path / "approved.pdf"
    approved.write_bytes(signed.content)
    published = requests.get(f"{server.url}/v1/trust-root", timeout=10)  # no login needed
    assert published.text == (server.ctx.settings.data_dir / CA_FOLDER / ROOT_FILE).read_text()
    verification = verify_approved_set(
        approved, server.ctx.settings.data_dir / CA_FOLDER / ROOT_FILE)
    assert verification.valid, verification.problems
    assert verification.permit_no == permit_no
    for digest in (permit["approved_set_sha256"], verification.approval_digest):
        public = ok(requests.get(f"{server.url}/v1/verify/{digest}", timeout=10))
        assert public["issued"] and public["permit_no"] == permit_no

    steps = [(h["action"], h["from_state"], h["to_state"], h["actor"]) for h in ok(
        supervisor.get(f"/v1/applications/{app['id']}/history"))["items"]
        if h["from_state"] != h["to_state"]]
    assert steps == [
        ("create", "", "DRAFT", "consultant1"),
        ("submit", "DRAFT", "SUBMITTED", "consultant1"),
        ("accept", "SUBMITTED", "IN_REVIEW", "intake1"),
        ("require_corrections", "IN_REVIEW", "CORRECTIONS_REQUIRED", None),
        ("resubmit", "CORRECTIONS_REQUIRED", "IN_REVIEW", "consultant1"),
        ("complete_review", "IN_REVIEW", "PENDING_PAYMENT", None),
        ("fees_paid", "PENDING_PAYMENT", "PENDING_APPROVAL", None),
        ("approve", "PENDING_APPROVAL", "APPROVED", "supervisor1"),
        ("issue", "APPROVED", "ISSUED", "supervisor1"),
    ]
    assert "approved_set" in [h["action"] for h in ok(
        supervisor.get(f"/v1/applications/{app['id']}/history"))["items"]]


def test_intake_returns_a_submission_with_a_note_and_the_consultant_resubmits(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = create_application(consultant)
    add_document(consultant, app["id"])
    app = act(consultant, app, "submit")
    problem(intake.post(f"/v1/applications/{app['id']}/transitions",
                        {"action": "return", "from_state": "SUBMITTED"}),
            409, "invalid-transition")
    app = act(intake, app, "return", "the title deed is missing")
    assert app["state"] == "RETURNED"
    app = act(consultant, app, "resubmit")
    assert app["state"] == "SUBMITTED"
    stale = consultant.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "withdraw", "from_state": "RETURNED"})
    assert problem(stale, 409, "state-changed")["state"] == "SUBMITTED"


def test_rejection_needs_the_supervisor_to_confirm(users):
    consultant, intake, supervisor = users["consultant1"], users["intake1"], users["supervisor1"]
    app = in_review(consultant, intake)
    problem(supervisor.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "reject", "from_state": "IN_REVIEW", "note": "no"}),
            409, "invalid-transition")  # the cycle is still open
    review = reviews(supervisor, app["id"], 1)
    decide(supervisor, app["id"], review["architectural"], "REJECTED", "not permissible")
    decide(supervisor, app["id"], review["structural"], "APPROVED")
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "IN_REVIEW" and "reject" in app["actions"]
    assert ok(supervisor.get(f"/v1/applications/{app['id']}/cycles/1"))["outcome"] == "REJECTED"
    assert act(supervisor, app, "reject", "land use not permitted")["state"] == "REJECTED"


def test_revision_required_needs_an_open_correction_and_decisions_are_final(users):
    consultant, intake, arch = users["consultant1"], users["intake1"], users["arch1"]
    supervisor = users["supervisor1"]
    app = in_review(consultant, intake)
    review = reviews(arch, app["id"], 1)["architectural"]
    path = f"/v1/applications/{app['id']}/cycles/1/reviews/{review['id']}"
    problem(arch.post(path + "/decision", {"decision": "REVISION_REQUIRED"},
                      if_match=review["version"]), 409, "no-open-corrections")
    decided = decide(arch, app["id"], review, "APPROVED")
    problem(arch.post(path + "/decision", {"decision": "REJECTED"}, if_match=decided["version"]),
            409, "already-decided")
    reopened = ok(supervisor.patch(path, {"reopen": True}, if_match=decided["version"]))
    assert reopened["decision"] is None
    assert decide(arch, app["id"], reopened, "APPROVED_WITH_COMMENTS")["decision"] == (
        "APPROVED_WITH_COMMENTS")


def test_withdrawal_and_the_change_feed_and_fee_waiver(users):
    consultant, intake, supervisor = users["consultant1"], users["intake1"], users["supervisor1"]
    app = in_review(consultant, intake)
    fees = ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    assert fees["outstanding_baisa"] == 30_000 + 70_000 + 200_000 + 20_000
    service_fee = next(f for f in fees["items"] if f["code"] == "SERVICE")
    waive = f"/v1/applications/{app['id']}/fees/{service_fee['id']}/waive"
    # 70.000 OMR is above the 50.000 OMR threshold: a second supervisor confirms the waiver
    asked = ok(supervisor.post(waive, {"note": "public-interest project"}))
    assert (asked["status"], asked["waiver_requested_by"]) == ("ASSESSED", "supervisor1")
    problem(supervisor.post(waive, {"note": "again"}), 409, "second-approval-needed")
    waived = ok(users["supervisor2"].post(waive, {"note": "agreed"}))
    assert waived["status"] == "WAIVED" and "supervisor1" in waived["note"]
    again = ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    assert [f["code"] for f in again["items"]].count("SERVICE") == 1  # not charged twice

    feed = ok(consultant.get("/v1/changes?after=0&limit=1000"))
    paths = [c["path"] for c in feed["items"]]
    seqs = [c["seq"] for c in feed["items"]]
    assert seqs == sorted(seqs) and f"/v1/applications/{app['id']}" in paths
    for change in feed["items"]:  # every path in the feed can be fetched by its reader
        assert consultant.get(change["path"]).status_code == 200, change
    assert ok(users["consultant2"].get("/v1/changes?after=0"))["items"] == []
    latest = feed["last_seq"]
    app = act(consultant, ok(consultant.get(f"/v1/applications/{app['id']}")), "withdraw")
    assert app["state"] == "WITHDRAWN"
    newer = ok(consultant.get(f"/v1/changes?after={latest}"))["items"]
    assert [c["version"] for c in newer if c["path"].endswith(app["id"])] == [app["version"]]


def test_comments_anchor_to_this_applications_drawings(users):
    consultant, arch = users["consultant1"], users["arch1"]
    app = in_review(consultant, users["intake1"])
    other = in_review(consultant, users["intake1"])
    document = ok(arch.get(f"/v1/applications/{app['id']}/documents"))["items"][0]
    anchored = comment(arch, app["id"], document_id=document["id"], document_version=1)
    assert (anchored["document_id"], anchored["document_version"]) == (document["id"], 1)
    foreign = ok(arch.get(f"/v1/applications/{other['id']}/documents"))["items"][0]
    for anchor in ({"document_id": foreign["id"]}, {"document_version": 1},
                   {"document_id": document["id"], "document_version": 9}):
        problem(arch.put(f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}",
                         {"body": "x", **anchor}), 422, "bad-anchor")


def test_comment_coordinates_must_be_numbers(users):
    app = in_review(users["consultant1"], users["intake1"])
    path = f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}"
    for bbox in ("[0, 0, NaN, 1]", "[0, 0, Infinity, 1]"):
        problem(users["arch1"].call("PUT", path, data=f'{{"body": "x", "bbox": {bbox}}}',
                                    headers={"Content-Type": "application/json"}),
                422, "validation-error")


def test_lists_filter_by_state_and_time(users):
    consultant, intake = users["consultant1"], users["intake1"]
    first = create_application(consultant)
    second = in_review(consultant, intake)
    states = ok(consultant.get("/v1/applications?state=IN_REVIEW&state=DRAFT"))["items"]
    assert {a["id"] for a in states} == {first["id"], second["id"]}
    since = ok(consultant.get(f"/v1/applications/{first['id']}"))["updated_at"]
    newer = ok(consultant.get("/v1/applications", params={"updated_after": since}))["items"]
    assert [a["id"] for a in newer] == [second["id"]]
    page = ok(consultant.get("/v1/applications?limit=1"))
    rest = ok(consultant.get(f"/v1/applications?limit=1&cursor={page['next_cursor']}"))
    assert [page["items"][0]["id"], rest["items"][0]["id"]] == [first["id"], second["id"]]
    assert rest["next_cursor"] is None
