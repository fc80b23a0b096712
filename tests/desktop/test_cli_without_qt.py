"""The commands that neither show nor draw work where PySide6 is not installed; the others
say so in one line. PySide6 is made unimportable for the command and every process it starts
by a package of that name first on PYTHONPATH that refuses to import."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import ezdxf
import pytest

from tests import pdf_factory

REPO = Path(__file__).resolve().parents[2]
BLOCKER = 'raise ModuleNotFoundError("No module named \'{name}\'", name="{name}")\n'


@pytest.fixture
def without_qt(tmp_path):
    blocked = tmp_path / "no-qt"
    for name in ("PySide6", "shiboken6"):
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(BLOCKER.format(name=name))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocked), str(REPO)])}
    env.pop("QT_QPA_PLATFORM", None)
    return env


def planreview(env, *args, cwd, timeout=120):
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_the_blocker_blocks(without_qt, tmp_path):
    result = subprocess.run([sys.executable, "-c", "import PySide6.QtCore"], env=without_qt,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "No module named 'PySide6'" in result.stderr


def test_info_of_a_pdf_and_a_dxf(without_qt, tmp_path):
    pdf_factory.plan_set(tmp_path / "set.pdf")
    doc = ezdxf.new()
    doc.modelspace().add_line((0, 0), (1000, 500))
    doc.saveas(tmp_path / "plan.dxf")
    for name, kind in (("set.pdf", "pdf"), ("plan.dxf", "dxf")):
        result = planreview(without_qt, "info", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["kind"] == kind


def test_server_starts_and_answers(without_qt, tmp_path):
    assert planreview(without_qt, "server", "--help", cwd=tmp_path).returncode == 0
    server = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "server", "--port", "0", "--data", "data"],
        env=without_qt, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = server.stdout.readline()
        assert "http://" in line, server.stderr.read() if server.poll() is not None else line
        url = line[line.index("http://"):].split()[0]
        with urllib.request.urlopen(f"{url}/health", timeout=30) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    assert "PySide6 is not installed" in errors
    assert "Traceback" not in errors


@pytest.mark.parametrize("args", [["demo"], ["open", "set.pdf"], ["render", "plan.dxf", "-o", "x.png"]])
def test_commands_that_show_or_draw_say_what_is_missing(without_qt, tmp_path, args):
    pdf_factory.plan_set(tmp_path / "set.pdf")
    ezdxf.new().saveas(tmp_path / "plan.dxf")
    result = planreview(without_qt, *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: this needs the Python package PySide6, which is not installed"], result.stderr
