import json
import os
import subprocess
import sys
from pathlib import Path

import ezdxf
import pymupdf
import pytest

from desktop.cli import build_parser, with_default_command
from tests import pdf_factory

REPO = Path(__file__).resolve().parents[2]


def planreview(*args, timeout=120, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desktop.cli", *map(str, args)], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_info_prints_json(tmp_path):
    result = planreview("info", pdf_factory.plan_set(tmp_path / "set.pdf"))
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["kind"] == "pdf"
    assert [s["number"] for s in info["sheets"]][:2] == ["A-101", "A-102"]
    assert info["sheets"][0]["width_mm"] == pytest.approx(841, abs=1)
    assert info["warnings"] == []


def test_render_sheet_and_region(tmp_path):
    source = pdf_factory.plan_set(tmp_path / "set.pdf")
    out = tmp_path / "out.png"
    result = planreview("render", source, "-o", out, "--sheet", "S-101", "--width", 1200)
    assert result.returncode == 0, result.stderr
    assert pymupdf.Pixmap(str(out)).width == 1200
    result = planreview("render", source, "-o", out, "--sheet", "2", "--width", 400,
                        "--region", "0,0,1000,500")
    assert result.returncode == 0, result.stderr
    image = pymupdf.Pixmap(str(out))
    assert (image.width, image.height) == (400, 200)


@pytest.mark.parametrize("args, message", [
    (["info", "/nonexistent/plan.pdf"], "file not found"),
    (["render", "{pdf}", "-o", "{out}", "--sheet", "9"], "has 5 sheet"),
    (["render", "{pdf}", "-o", "{out}", "--region", "1,2,3"], "--region must be four numbers"),
    (["render", "{pdf}", "-o", "{out}", "--width", "0"], "--width must be between"),
    (["info", "{enc}"], "encrypted"),
    (["info", "{enc}", "--password", "nope"], "password does not open"),
    (["info", "{pdf}", "--no-such-flag"], "unrecognized arguments"),
    (["info", "{empty}"], "empty"),
])
def test_errors_are_one_line_and_exit_2(tmp_path, args, message):
    files = {"pdf": pdf_factory.plan_set(tmp_path / "set.pdf"), "out": tmp_path / "o.png",
             "enc": pdf_factory.encrypted(tmp_path / "enc.pdf"), "empty": tmp_path / "e.pdf"}
    files["empty"].write_bytes(b"")
    result = planreview(*[a.format(**files) for a in args])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_password_on_the_command_line(tmp_path):
    result = planreview("info", pdf_factory.encrypted(tmp_path / "enc.pdf"), "--password", "secret")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["encrypted"] is True


def test_relative_paths(tmp_path):
    """The drawing readers run in processes with another working directory."""
    pdf_factory.plan_set(tmp_path / "set.pdf")
    doc = ezdxf.new(units=ezdxf.units.MM)
    doc.modelspace().add_lwpolyline([(0, 0), (10000, 0), (10000, 5000)], close=True)
    doc.saveas(tmp_path / "plan.dxf")
    for name in ("set.pdf", "plan.dxf"):
        result = planreview("info", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["file"] == str(tmp_path / name)
        result = planreview("render", name, "-o", f"{name}.png", "--width", 300, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert pymupdf.Pixmap(str(tmp_path / f"{name}.png")).width == 300


@pytest.mark.parametrize("argv, command, language", [
    (["--lang", "ar", "demo"], "demo", "ar"),
    (["demo", "--lang", "ar"], "demo", "ar"),
    (["demo", "--screenshot", "x.png", "--lang=ar"], "demo", "ar"),
    (["info", "--lang", "ar", "plan.pdf"], "info", "ar"),
    (["consultant", "status", "MM-2026-000001", "--lang", "ar"], "consultant", "ar"),
    (["--lang", "ar", "plan.pdf"], "open", "ar"),
    (["plan.pdf", "--lang", "ar"], "open", "ar"),
    (["plan.pdf"], "open", None),
    ([], "open", None),
])
def test_global_options_anywhere(argv, command, language):
    args = build_parser().parse_args(with_default_command(argv))
    assert (args.command, args.lang) == (command, language)


def test_version_names_the_engines():
    result = planreview("info", "--version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Plan Review 0.")
    for engine in ("Qt (PySide6)", "PyMuPDF", "ezdxf", "ezdwg"):
        assert any(line.split()[0:len(engine.split())] == engine.split()
                   and "not installed" not in line for line in lines), result.stdout


@pytest.mark.parametrize("options", [["--lang", "en", "demo"], ["demo", "--lang", "ar"]])
def test_demo_screenshot(tmp_path, options):
    language = options[options.index("--lang") + 1]
    out = tmp_path / f"demo-{language}.png"
    result = planreview(*options, "--screenshot", out, timeout=180)
    assert result.returncode == 0, result.stderr
    image = pymupdf.Pixmap(str(out))
    assert image.width >= 1920 and image.height >= 1080
    assert "error" not in result.stderr
