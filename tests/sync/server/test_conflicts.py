"""Versions and If-Match: two people editing the same thing never overwrite each other."""
from __future__ import annotations

from review.workflow import Role
from sync.server.seed import DemoUser, seed_users
from tests.sync.server.support import User, create_application, in_review, ok, problem, reviews


def test_two_engineers_editing_the_same_review_one_gets_412(server, users):
    seed_users(server.ctx, users=(
        DemoUser("arch2", "Second Architect", Role.ENGINEER, discipline="architectural"),))
    first, second = users["arch1"], User(server.url, "arch2")
    app = in_review(users["consultant1"], users["intake1"])
    review = reviews(first, app["id"], 1)["architectural"]  # unassigned: both may work on it
    path = f"/v1/applications/{app['id']}/cycles/1/reviews/{review['id']}"
    mine = ok(first.patch(path, {"notes": "setbacks checked"}, if_match=review["version"]))
    assert mine["version"] == review["version"] + 1
    stale = problem(second.patch(path, {"notes": "parking checked"}, if_match=review["version"]),
                    412, "stale-version")
    assert stale["current_version"] == mine["version"]
    assert ok(second.get(path))["notes"] == "setbacks checked"  # nothing overwritten
    late = problem(second.post(path + "/decision", {"decision": "APPROVED"},
                               if_match=review["version"]), 412, "stale-version")
    assert late["current_version"] == mine["version"]
    decided = ok(second.post(path + "/decision", {"decision": "APPROVED"},
                             if_match=mine["version"]))
    assert decided["decided_by"] == second.me["id"]


def test_writes_without_if_match_get_428_and_the_etag_forms_are_understood(users):
    consultant = users["consultant1"]
    app = create_application(consultant)
    path = f"/v1/applications/{app['id']}"
    problem(consultant.patch(path, {"floors": 3}), 428, "if-match-required")
    weak = consultant.patch(path, {"floors": 3}, headers={"If-Match": f'W/"{app["version"]}"'})
    assert ok(weak)["floors"] == 3 and weak.headers["ETag"] == f'"{app["version"] + 1}"'
    anything = ok(consultant.patch(path, {"floors": 4}, headers={"If-Match": "*"}))
    assert anything["floors"] == 4
    problem(consultant.patch(path, {"floors": 5}, if_match=app["version"]), 412,
            "stale-version")
    got = consultant.get(path)
    assert got.headers["ETag"] == f'"{anything["version"]}"' and got.json()["floors"] == 4


def test_a_stale_transition_names_the_current_state(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = in_review(consultant, intake)
    stale = problem(intake.post(f"/v1/applications/{app['id']}/transitions",
                                {"action": "accept", "from_state": "SUBMITTED"}),
                    409, "state-changed")
    assert stale["state"] == "IN_REVIEW"
    problem(consultant.post(f"/v1/applications/{app['id']}/transitions",
                            {"action": "withdraw", "from_state": "IN_REVIEW"},
                            if_match=app["version"] - 1), 412, "stale-version")
