"""Conditions of approval against the real server: discipline-scoped like decisions, a history
row for every edit, soft delete (not listed, not printed, history kept), and the last editor
shown next to the first author. Runs on SQLite and PostgreSQL (the `settings` fixture)."""
from __future__ import annotations

import uuid

import pymupdf

from tests.sync.server.support import (User, act, decide, in_review, issue, ok, problem,
                                       reviews)
from tests.sync.server.test_money_rules import invoice_and_pay


def path(app: dict, condition_id: str = "") -> str:
    return f"/v1/applications/{app['id']}/conditions" + (f"/{condition_id}" if condition_id
                                                         else "")


def put(user: User, app: dict, text_en: str, text_ar: str = "", *, condition_id: str = "",
        version: int | None = None, **fields):
    return user.put(path(app, condition_id or str(uuid.uuid4())),
                    {"text_en": text_en, "text_ar": text_ar, **fields}, if_match=version)


def test_an_engineer_changes_only_their_own_disciplines_conditions(users):
    arch, struct, supervisor = users["arch1"], users["struct1"], users["supervisor1"]
    app = in_review(users["consultant1"], users["intake1"])
    piles = ok(put(struct, app, "Pile load test before casting", "اختبار تحميل الركائز"))
    assert (piles["discipline"], piles["author"], piles["editor"]) == (
        "structural", "struct1", "struct1")

    overwrite = put(arch, app, "Facade in local stone", condition_id=piles["id"],
                    version=piles["version"], discipline="architectural")
    problem(overwrite, 403, "forbidden")
    problem(put(arch, app, "Facade in local stone", condition_id=piles["id"],
                version=piles["version"]), 403, "forbidden")
    problem(arch.delete(path(app, piles["id"]), if_match=piles["version"]), 403, "forbidden")
    problem(put(arch, app, "a structural note", discipline="structural"), 422, "bad-discipline")
    kept = ok(arch.get(path(app, piles["id"])))
    assert (kept["discipline"], kept["text_en"], kept["text_ar"], kept["version"]) == (
        "structural", "Pile load test before casting", "اختبار تحميل الركائز",
        piles["version"])
    assert [r["action"] for r in ok(arch.get(path(app, piles["id"]) + "/history"))["items"]
            ] == ["create"]

    # the supervisor may edit any discipline's condition; the author stays, the editor shows
    edited = ok(put(supervisor, app, "Pile load test on two piles before casting",
                    "اختبار تحميل ركيزتين قبل الصب", condition_id=piles["id"],
                    version=piles["version"]))
    assert (edited["discipline"], edited["author"], edited["editor"]) == (
        "structural", "struct1", "supervisor1")
    assert edited["author_id"] == struct.me["id"] and edited["updated_by"] == supervisor.me["id"]
    problem(put(struct, app, "stale", condition_id=piles["id"], version=piles["version"]),
            412, "stale-version")
    problem(put(struct, app, "no If-Match", condition_id=piles["id"]), 428,
            "if-match-required")


def test_every_edit_writes_history_and_a_deleted_condition_is_neither_listed_nor_printed(
        users, tmp_path):
    arch, struct, supervisor = users["arch1"], users["struct1"], users["supervisor1"]
    consultant = users["consultant1"]
    app = in_review(consultant, users["intake1"])
    stone = ok(put(arch, app, "Facade in local stone", "واجهة من الحجر المحلي"))
    stone = ok(put(arch, app, "Facade in local limestone", "واجهة من الحجر الجيري المحلي",
                   condition_id=stone["id"], version=stone["version"]))
    piles = ok(put(struct, app, "Pile load test before casting", "اختبار تحميل الركائز"))
    problem(struct.delete(path(app, piles["id"])), 428, "if-match-required")
    problem(struct.delete(path(app, piles["id"]), if_match=piles["version"] + 5), 412,
            "stale-version")
    assert struct.delete(path(app, piles["id"]), if_match=piles["version"]).status_code == 204

    listed = ok(supervisor.get(path(app)))["items"]
    assert [c["id"] for c in listed] == [stone["id"]]
    deleted = ok(supervisor.get(path(app, piles["id"])))
    assert deleted["deleted"] and deleted["editor"] == "struct1"
    problem(put(struct, app, "again", condition_id=piles["id"], version=deleted["version"]),
            409, "condition-deleted")
    problem(struct.delete(path(app, piles["id"]), if_match=deleted["version"]), 409,
            "condition-deleted")
    history = ok(supervisor.get(path(app, piles["id"]) + "/history"))["items"]
    assert [(h["action"], h["actor"], h["discipline"]) for h in history] == [
        ("create", "struct1", "structural"), ("delete", "struct1", "structural")]
    assert history[1]["before_text_en"] == "Pile load test before casting"
    edits = ok(arch.get(path(app, stone["id"]) + "/history"))["items"]
    assert [(h["action"], h["before_text_en"], h["text_en"], h["before_text_ar"], h["text_ar"])
            for h in edits] == [
        ("create", None, "Facade in local stone", None, "واجهة من الحجر المحلي"),
        ("edit", "Facade in local stone", "Facade in local limestone",
         "واجهة من الحجر المحلي", "واجهة من الحجر الجيري المحلي")]
    assert all(h["at"].endswith("Z") for h in edits)

    # the set prints the condition in force, not the deleted one
    app = act(supervisor, reviewed_after(users, app), "approve")
    assert issue(supervisor, app)["state"] == "succeeded"
    # the consultant sees the conditions once the cycle closed, but not the deleted one's
    assert [c["id"] for c in ok(consultant.get(path(app)))["items"]] == [stone["id"]]
    problem(consultant.get(path(app, piles["id"]) + "/history"), 404, "not-found")
    permit_no = ok(supervisor.get(f"/v1/applications/{app['id']}/permit"))["permit_no"]
    signed = tmp_path / "approved.pdf"
    signed.write_bytes(consultant.get(f"/v1/permits/{permit_no}/approved-set").content)
    with pymupdf.open(signed) as document:
        text = "".join(page.get_text() for page in document)
    assert "Facade in local limestone" in text and "Pile load test" not in text


def test_conditions_and_the_whole_review_record_are_frozen_after_issued(users):
    arch, struct, supervisor = users["arch1"], users["struct1"], users["supervisor1"]
    consultant = users["consultant1"]
    app = in_review(consultant, users["intake1"])
    stone = ok(put(arch, app, "Facade in local stone"))
    correction = ok(arch.put(f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}",
                             {"body": "Label the stair", "sheet_no": "A-101", "page": 0,
                              "bbox": [10, 20, 110, 80]}))
    app = reviewed_after(users, app)
    app = act(supervisor, app, "approve")
    assert issue(supervisor, app)["state"] == "succeeded"
    app = ok(supervisor.get(f"/v1/applications/{app['id']}"))
    assert app["state"] == "ISSUED"
    stone = ok(arch.get(path(app, stone["id"])))
    comment = ok(arch.get(f"/v1/applications/{app['id']}/comments/{correction['id']}"))
    review = reviews(arch, app["id"], 1)["architectural"]
    review_path = f"/v1/applications/{app['id']}/cycles/1/reviews/{review['id']}"
    comment_path = f"/v1/applications/{app['id']}/comments/{comment['id']}"
    writes = {
        "condition put": put(arch, app, "changed", condition_id=stone["id"],
                             version=stone["version"]),
        "new condition": put(supervisor, app, "a new one", discipline="architectural"),
        "condition delete": arch.delete(path(app, stone["id"]), if_match=stone["version"]),
        "comment put": arch.put(comment_path, {"body": comment["body"], "status": "resolved"},
                                if_match=comment["version"]),
        "new comment": supervisor.put(f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}",
                                      {"body": "late", "discipline": "architectural"}),
        "comment withdraw": supervisor.delete(comment_path, if_match=comment["version"]),
        "comment response": consultant.post(comment_path + "/response",
                                            {"response": "done"}, if_match=comment["version"]),
        "decision": supervisor.post(review_path + "/decision",
                                    {"decision": "REJECTED", "summary": ""},
                                    if_match=review["version"]),
        "review reopen": supervisor.patch(review_path, {"reopen": True},
                                          if_match=review["version"]),
    }
    for what, answer in writes.items():
        body = problem(answer, 409, "application-frozen")
        assert body["state"] == "ISSUED", what
    assert ok(arch.get(path(app, stone["id"])))["version"] == stone["version"]
    assert ok(arch.get(comment_path))["status"] == comment["status"]


def reviewed_after(users, app: dict) -> dict:
    """Both engineers approve `app` in review and the office pays: PENDING_APPROVAL."""
    cycle = reviews(users["supervisor1"], app["id"], 1)
    decide(users["arch1"], app["id"], cycle["architectural"], "APPROVED_WITH_COMMENTS")
    decide(users["struct1"], app["id"], cycle["structural"], "APPROVED")
    invoice_and_pay(users, app)
    return ok(users["supervisor1"].get(f"/v1/applications/{app['id']}"))
