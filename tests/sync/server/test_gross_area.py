"""A fee assessor takes the gross area from an area measurement on the drawings: who may, what
is checked, the audit trail and the fees re-assessed from the new area."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from tests.sync.server.support import (act, create_application, in_review, ok, problem,
                                       submitted)


def measured(app: dict, document: dict | None = None, *, area: str = "350.00",
             measured_m2: str = "349.996", **changes) -> dict:
    """A request body naming an area markup on sheet A-101 of the application's drawing."""
    current = document["current"]["sha256"] if document else hashlib.sha256(b"x").hexdigest()
    source = {"markup_id": str(uuid.uuid4()), "document_id": document["id"] if document else "",
              "document_sha256": current, "sheet": 0, "sheet_label": "A-101",
              "measured_m2": measured_m2}
    return {"gross_area_m2": area, "source": {**source, **changes}, "note": "ground floor"}


def take(user, app: dict, body: dict, version: int | None = None):
    return user.put(f"/v1/applications/{app['id']}/gross-area", body,
                    if_match=app["version"] if version is None else version)


def first_document(user, app: dict) -> dict:
    return ok(user.get(f"/v1/applications/{app['id']}/documents"))["items"][0]


@pytest.mark.parametrize("taker", ["intake1", "supervisor1"])
def test_a_fee_assessor_takes_the_gross_area_and_the_history_names_the_markup(users, taker):
    consultant, assessor = users["consultant1"], users[taker]
    app = submitted(consultant)
    document = first_document(assessor, app)
    body = measured(app, document)
    changed = ok(take(assessor, app, body))
    assert changed["gross_area_m2"] == "350.00" and changed["version"] == app["version"] + 1
    source = changed["gross_area_source"]
    assert source["markup_id"] == body["source"]["markup_id"]
    assert (source["document_id"], source["document_sha256"]) == (
        document["id"], document["current"]["sha256"])
    assert (source["sheet"], source["sheet_label"], source["measured_m2"]) == (
        0, "A-101", "349.996")
    assert (source["note"], source["set_by"]) == ("ground floor", taker)
    assert source["set_at"].endswith("Z")
    # the consultant reads the same link, and the audit entry says who, when and from what
    assert ok(consultant.get(f"/v1/applications/{app['id']}"))["gross_area_source"] == source
    entry = ok(consultant.get(f"/v1/applications/{app['id']}/history"))["items"][-1]
    assert (entry["action"], entry["actor"], entry["to_state"]) == (
        "gross_area", taker, "SUBMITTED")
    for fact in ("400.00 m² -> 350.00 m²", body["source"]["markup_id"], "sheet A-101",
                 document["id"], "measured 349.996 m²", "ground floor"):
        assert fact in entry["note"]
    feed = ok(consultant.get("/v1/changes?after=0&limit=1000"))["items"]
    assert [c["version"] for c in feed if c["path"] == f"/v1/applications/{app['id']}"][-1] \
        == changed["version"]


def test_assessed_fees_are_reassessed_from_the_new_area(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = in_review(consultant, intake)
    before = ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    app = ok(intake.get(f"/v1/applications/{app['id']}"))
    ok(take(intake, app, measured(app, first_document(intake, app), area="600.00",
                                  measured_m2="600")))
    after = ok(intake.get(f"/v1/applications/{app['id']}/fees"))
    assert after["outstanding_baisa"] > before["outstanding_baisa"]
    by_basis = {f["code"]: f for f in after["items"] if f["basis"] == "per_m2"}
    assert by_basis and all(f["quantity"] == "600.00" for f in by_basis.values())
    actions = [h["action"] for h in ok(intake.get(f"/v1/applications/{app['id']}/history"))
               ["items"]]
    assert actions[-2:] == ["gross_area", "assess_fees"]


def test_fees_not_yet_assessed_stay_unassessed(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    ok(take(intake, app, measured(app)))
    assert ok(intake.get(f"/v1/applications/{app['id']}/fees"))["items"] == []


def test_a_drawing_the_server_holds_is_found_by_its_sha256(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    document = first_document(intake, app)
    body = measured(app, document, document_id="")
    assert ok(take(intake, app, body))["gross_area_source"]["document_id"] == document["id"]


def test_a_local_drawing_is_kept_by_its_sha256_only(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    source = ok(take(intake, app, measured(app)))["gross_area_source"]
    assert source["document_id"] == "" and source["document_sha256"] == \
        hashlib.sha256(b"x").hexdigest()
    entry = ok(intake.get(f"/v1/applications/{app['id']}/history"))["items"][-1]
    assert "not on the server" in entry["note"]


@pytest.mark.parametrize("who", ["consultant1", "arch1", "admin1"])
def test_only_fee_assessors_may_take_the_gross_area(users, who):
    app = submitted(users["consultant1"])
    problem(take(users[who], app, measured(app)), 403, "forbidden")
    assert ok(users["intake1"].get(f"/v1/applications/{app['id']}"))["gross_area_m2"] == "400.00"


def test_a_draft_is_invisible_and_a_final_application_is_closed(users):
    consultant, intake = users["consultant1"], users["intake1"]
    draft = create_application(consultant)
    problem(take(intake, draft, measured(draft)), 404, "not-found")
    withdrawn = act(consultant, submitted(consultant), "withdraw", "no longer needed")
    problem(take(intake, withdrawn, measured(withdrawn)), 409, "application-closed")


def test_a_stale_or_missing_version_is_refused(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    ok(take(intake, app, measured(app)))
    stale = problem(take(intake, app, measured(app, area="360.00", measured_m2="360")), 412,
                    "stale-version")
    assert stale["current_version"] == app["version"] + 1
    problem(intake.put(f"/v1/applications/{app['id']}/gross-area", measured(app)), 428,
            "if-match-required")
    assert ok(intake.get(f"/v1/applications/{app['id']}"))["gross_area_m2"] == "350.00"


@pytest.mark.parametrize("changes, code", [
    ({"gross_area_m2": "0"}, "validation-error"),
    ({"gross_area_m2": "-5.00"}, "validation-error"),
    ({"gross_area_m2": "351.00"}, "area-mismatch"),
    ({"source": {"markup_id": "not-a-uuid"}}, "validation-error"),
    ({"source": {"document_sha256": "abc"}}, "validation-error"),
    ({"source": {"sheet": -1}}, "validation-error"),
    ({"source": {"measured_m2": "NaN"}}, "validation-error"),
    ({"source": {"document_id": str(uuid.uuid4())}}, "unknown-document"),
])
def test_bad_bodies_are_refused_and_change_nothing(users, changes, code):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    body = measured(app, first_document(intake, app))
    body = {**body, **{k: v for k, v in changes.items() if k != "source"},
            "source": {**body["source"], **changes.get("source", {})}}
    problem(take(intake, app, body), 422, code)
    after = ok(intake.get(f"/v1/applications/{app['id']}"))
    assert (after["gross_area_m2"], after["gross_area_source"], after["version"]) == (
        "400.00", None, app["version"])


def test_a_measurement_from_another_applications_drawing_is_refused(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app, other = submitted(consultant), submitted(consultant)
    body = measured(app, first_document(intake, other))
    problem(take(intake, app, body), 422, "unknown-document")


def test_the_consultant_correcting_the_area_drops_the_measurement_link(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = submitted(consultant)
    app = ok(take(intake, app, measured(app)))
    app = act(intake, app, "return", "the plot number is wrong")
    corrected = ok(consultant.patch(f"/v1/applications/{app['id']}", {"gross_area_m2": "420.00"},
                                    if_match=app["version"]))
    assert corrected["gross_area_source"] is None
