"""Quitting after copying a markup exits cleanly (it once crashed with status 139: the copied
QMimeData outlived the interpreter)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.desktop.markups.conftest import plain_pdf

REPO = Path(__file__).resolve().parents[2]


def test_copy_a_markup_then_quit_exits_0(tmp_path):
    source = plain_pdf(tmp_path / "plan.pdf")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANREVIEW_NO_DIALOGS": "1",
           "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "tests.desktop.copy_markup_and_quit",
                             str(source)], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=180)
    assert "selected 1, copied True" in result.stdout, result.stderr
    assert result.returncode == 0, result.stderr
