"""The consultant service and command line against mocked HTTP (the live flow is in tests/e2e)."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
import responses

from desktop.cli import main
from review.store import LocalStore
from sync.api import PermitApi
from sync.client import PermitClient
from sync.consultant import ApplicationDraft, ConsultantService, Drawing, Plot
from sync.corrections import safe_name, write_corrections
from sync.errors import SyncError
from sync.transfers import Transfers

BASE = "http://permits.test"
DRAFT = ApplicationDraft("Villa G+1", "Owner", Plot("Muscat", "Bawshar", "Al Khuwair", "3", "101"),
                         "residential", 2, Decimal("350"), 80_000_000)


@pytest.fixture
def service(tmp_path):
    store = LocalStore(tmp_path / "local.sqlite")
    client = PermitClient(BASE)
    yield ConsultantService(PermitApi(client), Transfers(store, client, tmp_path / "cache"))
    store.close()


@responses.activate
def test_a_finished_submission_run_again_does_nothing_twice(service, tmp_path):
    sheet = tmp_path / "A-101.pdf"
    sheet.write_bytes(b"%PDF-1.7 sheet")
    responses.post(f"{BASE}/v1/applications", json={"id": "a1", "state": "DRAFT"}, status=201)
    responses.get(f"{BASE}/v1/applications/a1", json={"id": "a1", "ref": "MM-2026-000001",
                                                      "state": "SUBMITTED"})
    result = service.submit(DRAFT, [Drawing.from_file(sheet, "architectural")])
    assert result.already_submitted and result.uploaded == 0
    service.submit(DRAFT, [Drawing.from_file(sheet, "architectural")])
    keys = {c.request.headers["Idempotency-Key"] for c in responses.calls
            if c.request.method == "POST"}
    assert len(keys) == 1, "the same submission always asks for the same draft"


@responses.activate
def test_paying_again_sends_the_same_key(service):
    responses.get(f"{BASE}/v1/invoices/i1", json={"id": "i1", "status": "ISSUED"},
                  headers={"ETag": '"2"'})
    responses.post(f"{BASE}/v1/payments", json={"id": "p1", "amount_omr": "30.000"}, status=201)
    service.pay("i1")
    service.pay("i1")
    keys = [c.request.headers["Idempotency-Key"] for c in responses.calls
            if c.request.method == "POST"]
    assert len(keys) == 2 and keys[0] == keys[1]


@responses.activate
def test_a_paid_invoice_is_not_paid_again(service):
    responses.get(f"{BASE}/v1/invoices/i1", json={"id": "i1", "status": "PAID"})
    with pytest.raises(SyncError, match="already paid"):
        service.pay("i1")


def test_unknown_kinds_and_missing_files_are_refused(tmp_path):
    with pytest.raises(SyncError, match="unknown document kind"):
        Drawing.from_file(tmp_path / "x.pdf", "poetry")
    with pytest.raises(SyncError, match="not found"):
        Drawing.from_file(tmp_path / "x.pdf", "site")


def test_server_file_names_stay_inside_the_folder():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_name("..") == "document"
    # an override would show "plan\u202efdp.exe" as "planexe.pdf"; it never reaches the disk
    assert safe_name("plan\u202efdp.exe") == "planfdp.exe"
    assert safe_name("A:101?.pdf") == "A_101_.pdf"


def test_the_comments_csv_keeps_formulas_and_overrides_as_text(tmp_path):
    import csv

    comment = {"cycle": 1, "sheet_no": "A-101", "page": 1, "discipline": "architectural",
               "status": "open", "id": "3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5f",
               "body": '=HYPERLINK("http://x.example","fix")', "response": "@SUM(A1)\u202e"}
    package = write_corrections(tmp_path, "BP-1", [comment], [], lambda sha: b"")
    with open(tmp_path / "comments.csv", encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["body"] == "'=HYPERLINK(\"http://x.example\",\"fix\")"
    assert row["response"] == "'@SUM(A1)"
    assert tmp_path / "comments.csv" in package.written


@responses.activate
def test_login_then_status_from_the_command_line(capsys, monkeypatch, memory_keyring,
                                                isolated_data_dir):
    responses.post(f"{BASE}/v1/auth/token", json={"access_token": "a1", "refresh_token": "r1",
                                                  "expires_in": 900})
    responses.post(f"{BASE}/v1/auth/refresh", json={"access_token": "a2", "refresh_token": "r2",
                                                    "expires_in": 900})
    responses.get(f"{BASE}/v1/me", json={"username": "consultant1", "office": {"name": "Office"}})
    responses.get(f"{BASE}/v1/applications/a1", json={"id": "a1", "ref": "MM-2026-000001",
                                                      "state": "IN_REVIEW"})
    responses.get(f"{BASE}/v1/applications/a1/history", json={"items": [
        {"from_state": "DRAFT", "to_state": "SUBMITTED", "actor": "consultant1", "at": "t"}]})
    responses.get(f"{BASE}/v1/applications/a1/fees", json={"items": [
        {"code": "APPLICATION", "amount_omr": "30.000 OMR", "status": "INVOICED",
         "invoice_id": "i1"}]})
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("demo\n"))
    assert main(["consultant", "login", "--server", BASE, "--user", "consultant1",
                 "--password-stdin"]) == 0
    assert json.loads((isolated_data_dir / "consultant.json").read_text())["user"] == "consultant1"
    assert main(["consultant", "status", "a1"]) == 0
    out = capsys.readouterr().out
    assert "MM-2026-000001: IN_REVIEW" in out and "30.000 OMR INVOICED (invoice i1)" in out


def test_commands_before_login_say_what_to_do(capsys):
    assert main(["consultant", "status", "a1"]) == 2
    assert "not logged in" in capsys.readouterr().err


def test_amounts_with_more_than_three_decimals_are_refused(capsys, tmp_path):
    sheet = tmp_path / "A-101.pdf"
    sheet.write_bytes(b"%PDF")
    code = main(["consultant", "submit", "--title", "t", "--owner", "o", "--governorate", "g",
                 "--wilayat", "w", "--area", "a", "--block", "b", "--plot", "p", "--use-class",
                 "residential", "--floors", "1", "--gross-area", "10", "--estimated-cost",
                 "1.2345", "--document", "architectural", str(sheet)])
    assert code == 2 and "three decimals" in capsys.readouterr().err
