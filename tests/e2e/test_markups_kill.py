"""Nothing lost: the application makes markups with its real tools, is killed with SIGKILL,
and on restart has every markup it made more than a second before the kill."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests import pdf_factory

MARKUPS_BEFORE_KILL = 15
GRACE_S = 1.0          # edits must be on disk within this time


def start(source: Path, data: Path, script: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANREVIEW_DATA": str(data),
           "PLANREVIEW_NO_DIALOGS": "1", "PLANREVIEW_MARKUP_SCRIPT": script}
    return subprocess.Popen([sys.executable, "-m", "desktop.cli", "open", str(source)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def made(log: Path) -> list[tuple[str, float]]:
    if not log.exists():
        return []
    entries = []
    for line in log.read_text().splitlines():
        markup_id, _, when = line.partition("\t")
        if when:
            entries.append((markup_id, float(when)))
    return entries


def test_markups_survive_sigkill(tmp_path):
    source = pdf_factory.plan_set(tmp_path / "set.pdf", sheets=2)
    data, log = tmp_path / "data", tmp_path / "made.log"
    app = start(source, data, f"draw {log}")
    try:
        deadline = time.monotonic() + 120
        while len(made(log)) < MARKUPS_BEFORE_KILL:
            assert app.poll() is None, app.stderr.read().decode(errors="replace")
            assert time.monotonic() < deadline, "the application made no markups in 2 minutes"
            time.sleep(0.1)
        time.sleep(0.5)   # keep drawing: markups made just before the kill may be lost
        killed_at = time.time()
        os.killpg(app.pid, signal.SIGKILL)
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
        app.wait(30)
    expected = {markup_id for markup_id, when in made(log) if when < killed_at - GRACE_S}
    assert len(expected) >= MARKUPS_BEFORE_KILL - 10

    out = tmp_path / "stored.json"
    again = start(source, data, f"dump {out}")
    try:
        again.wait(120)
    finally:
        if again.poll() is None:
            os.killpg(again.pid, signal.SIGKILL)
            again.wait(30)
    stored = set(json.loads(out.read_text()))
    assert expected <= stored, f"lost {len(expected - stored)} of {len(expected)} markups"
