"""A drawing that passed the upload check but cannot be stamped when the permit is issued (here
its stored file is damaged afterwards: the page tree is gone) fails the approved-set job with a
problem naming the sheet; the application stays APPROVED with send_back_for_replacement; the
consultant replaces the drawing and the permit issues. The supervisor works through the real
client (sync.api.PermitApi.transition follows the job), against the real server on loopback."""
from __future__ import annotations

import pytest

from sync.api import PermitApi
from sync.auth import AuthSession
from sync.client import PermitClient
from sync.errors import ProblemError
from tests.sync.client.support import install_memory_keyring
from tests.sync.server.support import act, add_document, decide, in_review, ok, reviews
from tests.sync.server.test_money_rules import invoice_and_pay


def approved(users, app: dict, cycle: int) -> dict:
    """Both engineers approve the cycle, the office pays, the supervisor approves."""
    found = reviews(users["supervisor1"], app["id"], cycle)
    decide(users["arch1"], app["id"], found["architectural"], "APPROVED")
    decide(users["struct1"], app["id"], found["structural"], "APPROVED")
    invoice_and_pay(users, app)
    app = ok(users["supervisor1"].get(f"/v1/applications/{app['id']}"))
    return act(users["supervisor1"], app, "approve", "approved")


def test_a_drawing_that_cannot_be_stamped_is_replaced_and_the_permit_issues(server, users):
    install_memory_keyring()
    consultant = users["consultant1"]
    app = in_review(consultant, users["intake1"])
    document = ok(consultant.get(f"/v1/applications/{app['id']}/documents"))["items"][0]
    app = approved(users, app, 1)
    # the accepted file is damaged in storage after its upload check passed
    stored = server.ctx.blobs.path(document["current"]["sha256"])
    stored.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n"
                       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")

    client = PermitClient(server.url)
    AuthSession(client).login("supervisor1", "demo", remember=False)
    api = PermitApi(client)
    with pytest.raises(ProblemError) as failed:
        api.transition(app["id"], "issue", "APPROVED")
    problem = failed.value
    assert problem.status == 409 and problem.type.endswith("/approved-set-failed")
    assert problem.extensions["sheet"] == "sheet A-101 (plans.pdf)"
    assert "A-101" in problem.detail and "send_back_for_replacement" in problem.detail
    now = api.application(app["id"])
    assert now["state"] == "APPROVED" and "send_back_for_replacement" in now["actions"]
    history = [h["action"] for h in api.history(app["id"])]
    assert history[-1] == "approved_set_failed" and "issue" not in history

    sent_back = api.transition(app["id"], "send_back_for_replacement", "APPROVED",
                               "sheet A-101 cannot be stamped; upload it again")
    assert sent_back["state"] == "CORRECTIONS_REQUIRED"
    replaced = add_document(consultant, app["id"], doc_id=document["id"],
                            version=document["version"])
    assert [v["n"] for v in replaced["versions"]] == [1, 2]
    app = act(consultant, ok(consultant.get(f"/v1/applications/{app['id']}")), "resubmit",
              "A-101 replaced")
    assert (app["state"], app["current_cycle"]) == ("IN_REVIEW", 2)
    app = approved(users, app, 2)

    issued = api.transition(app["id"], "issue", "APPROVED")
    assert issued["state"] == "ISSUED"
    permit = ok(consultant.get(f"/v1/applications/{app['id']}/permit"))
    assert permit["approved_set_sha256"]
