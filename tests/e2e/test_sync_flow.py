"""The whole consultant flow against the real server on loopback, every role through the client.

The consultant works through `planreview consultant ...`; the intake clerk, the engineers and
the supervisor through the client library (their desktop's code path): the architect's comment
goes through the outbox, the engineers read the application from their change-feed cache.
"""
from __future__ import annotations

import io
import json
import uuid

import pymupdf
import pytest

from desktop.cli import main
from review.store import LocalStore
from sync.cache import ResourceCache
from sync.errors import AuthError
from sync.outbox import Outbox, OutboxSender
from sync.puller import Puller
from tests.sync.client.live_fixtures import (api_for, client_for, live_server,  # noqa: F401
                                             memory_keyring)


def sheet(path, text):
    document = pymupdf.open()
    page = document.new_page(width=1190, height=842)  # A3 landscape
    page.insert_text((72, 72), text, fontsize=24)
    page.draw_rect(pymupdf.Rect(100, 100, 1000, 700))
    document.save(path)
    return path


def consultant(*args, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["consultant", *args])


def submit_args(tmp_path):
    return ["submit", "--title", "Villa G+1", "--owner", "Demo Owner",
            "--governorate", "Muscat", "--wilayat", "Bawshar", "--area", "Al Khuwair",
            "--block", "3", "--plot", "101", "--use-class", "residential", "--floors", "2",
            "--gross-area", "350", "--estimated-cost", "80000",
            "--document", "architectural", str(sheet(tmp_path / "A-101.pdf", "Ground floor")),
            "--document", "structural", str(sheet(tmp_path / "S-201.pdf", "Foundations"))]


def decide(api, app_id, cycle, discipline, decision, summary=""):
    review = next(r for r in api.reviews(app_id, cycle) if r["discipline"] == discipline)
    current = api.review(app_id, cycle, review["id"])
    return api.decide(app_id, cycle, review["id"], decision, summary, version=current.version)


def test_submit_review_corrections_resubmit_pay_approve(live_server, tmp_path, monkeypatch,
                                                        capsys):
    url = live_server.url
    assert consultant("login", "--server", url, "--user", "consultant1", "--password-stdin",
                      stdin="demo\n", monkeypatch=monkeypatch) == 0
    submission = submit_args(tmp_path)
    assert consultant(*submission) == 0
    out = capsys.readouterr().out
    ref = out.split("submitted ", 1)[1].split()[0]
    assert ref.startswith("MM-") and "state SUBMITTED" in out

    # Running the same submission again creates nothing new.
    assert consultant(*submission) == 0
    assert "already submitted" in capsys.readouterr().out
    consultant_api = api_for(url, "consultant1")
    apps = [a for a in consultant_api.applications() if a["title"] == "Villa G+1"]
    assert len(apps) == 1
    app_id = apps[0]["id"]

    intake = api_for(url, "intake1")
    intake.transition(app_id, "accept", "SUBMITTED", "documents complete")
    with pytest.raises(AuthError, match="may not do that"):
        decide(consultant_api, app_id, 1, "architectural", "APPROVED")

    # The architect's desktop: pull the change feed, comment through the outbox, decide.
    store = LocalStore(tmp_path / "arch.sqlite")
    arch_client = client_for(url, "arch1")
    cache, outbox = ResourceCache(store), Outbox(store)
    Puller(arch_client, cache, outbox).pull()
    assert cache.get(f"/v1/applications/{app_id}").body["state"] == "IN_REVIEW"
    plan = next(d for d in api_for(url, "arch1").documents(app_id) if d["sheet_no"] == "A-101")
    comment_id = str(uuid.uuid4())
    with store.transaction():
        outbox.enqueue("PUT", f"/v1/applications/{app_id}/comments/{comment_id}", {
            "body": "Stair riser exceeds 180 mm; revise section B-B.", "sheet_no": "A-101",
            "document_id": plan["id"], "document_version": plan["current"]["n"],
            "page": 0, "bbox": [100.0, 100.0, 300.0, 200.0]})
    assert OutboxSender(outbox, arch_client, cache).send_due().sent == 1
    arch = api_for(url, "arch1")
    decide(arch, app_id, 1, "architectural", "REVISION_REQUIRED", "see comments")
    decide(api_for(url, "struct1"), app_id, 1, "structural", "APPROVED")

    assert consultant("status", ref) == 0
    assert f"{ref}: CORRECTIONS_REQUIRED" in capsys.readouterr().out
    folder = tmp_path / "corrections"
    assert consultant("corrections", ref, "-o", str(folder)) == 0
    released = json.loads((folder / "comments.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in released] == [comment_id]
    assert "Stair riser" in (folder / "comments.csv").read_text(encoding="utf-8-sig")
    (marked_up,) = folder.glob("A-101-v1-marked-up.pdf")
    with pymupdf.open(marked_up) as pdf:
        (cloud,) = list(pdf[0].annots())
        assert "Stair riser" in cloud.info["content"]
    for language in ("en", "ar"):
        with pymupdf.open(folder / f"corrections-letter-{language}.pdf") as letter:
            assert ref in letter[0].get_text()

    (tmp_path / "revised").mkdir()
    revised = sheet(tmp_path / "revised" / "A-101.pdf", "Ground floor, stair revised")
    assert consultant("resubmit", ref, "--note", "stair revised",
                      "--document", "architectural", str(revised)) == 0
    assert "state IN_REVIEW" in capsys.readouterr().out
    docs = consultant_api.documents(app_id)
    architectural = next(d for d in docs if d["kind"] == "architectural")
    assert architectural["current"]["n"] == 2, "the revision is a new version of the sheet"

    decide(arch, app_id, 2, "architectural", "APPROVED")
    decide(api_for(url, "struct1"), app_id, 2, "structural", "APPROVED")
    assert {f["status"] for f in consultant_api.fees(app_id)} == {"ASSESSED"}
    api_for(url, "intake1").create_invoice(app_id)  # the assessor's step
    fees = consultant_api.fees(app_id)
    invoice_ids = {f["invoice_id"] for f in fees if f["invoice_id"]}
    assert invoice_ids, "the assessor invoiced the assessed fees"
    for invoice_id in invoice_ids:
        assert consultant("pay", invoice_id) == 0
    assert consultant_api.application(app_id)["state"] == "PENDING_APPROVAL"

    supervisor = api_for(url, "supervisor1")
    app = supervisor.application(app_id)
    supervisor.transition(app_id, "approve", app["state"], version=app.version)
    assert consultant("status", ref) == 0
    status = capsys.readouterr().out
    assert f"{ref}: APPROVED" in status and "PAID" in status
    store.close()

