"""A RETURNED application's corrections letter, through the real server on loopback: the
consultant's download carries the intake clerk's note and the documents the checklist failed."""
from __future__ import annotations

import subprocess
import unicodedata

from tests.e2e.test_sync_flow import consultant, submit_args
from tests.sync.client.live_fixtures import api_for, live_server, memory_keyring  # noqa: F401


def test_the_returned_letter_carries_the_clerks_note_and_the_missing_documents(
        live_server, tmp_path, monkeypatch, capsys):
    assert consultant("login", "--server", live_server.url, "--user", "consultant1",
                      "--password-stdin", stdin="demo\n", monkeypatch=monkeypatch) == 0
    assert consultant(*submit_args(tmp_path)) == 0
    ref = capsys.readouterr().out.split("submitted ", 1)[1].split()[0]
    app_id = next(a["id"] for a in api_for(live_server.url, "consultant1").applications()
                  if a["ref"] == ref)
    api_for(live_server.url, "intake1").transition(
        app_id, "return", "SUBMITTED", "Soil report missing; the krooki shows plot 102.",
        checklist=[{"item": "soil_report", "text": "Soil investigation report",
                    "status": "fail", "note": "two floors need one"},
                   {"item": "owner_id", "status": "pass"}])
    folder = tmp_path / "corrections"
    assert consultant("corrections", ref, "-o", str(folder)) == 0

    def text(language: str) -> str:
        pdf = folder / f"corrections-letter-{language}.pdf"
        return unicodedata.normalize("NFKC", subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout)

    english = text("en")
    assert "returned at intake" in english and "the krooki shows plot 102" in english
    assert "Soil investigation report" in english and "two floors need one" in english
    assert "identity card" not in english            # a passed item is not missing
    assert "nothing needs to be corrected" not in english
    arabic = text("ar")
    assert "تقرير فحص التربة" in arabic and "the krooki shows plot 102" in arabic
