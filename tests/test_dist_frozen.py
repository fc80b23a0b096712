"""The frozen program (`make dist`) run as a municipality runs it: copied away from the source
tree, with no virtualenv on the PATH and nothing of Python's in the environment.

Run by `make dist-test` (PLANREVIEW_FROZEN=dist/planreview); skipped otherwise. Inputs are made
here with PyMuPDF, ezdxf and ezdwg (plus a corpus sheet of each kind when the corpus is
present); outputs are judged by other programs (PIL, qpdf, pdftotext, pdfsig) and by the
frozen program's exit statuses. Any traceback or missing module, on the terminal or in the log
file, fails the run.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.conftest import corpus_files, require_tool

FROZEN = os.environ.get("PLANREVIEW_FROZEN")
pytestmark = pytest.mark.skipif(not FROZEN, reason="needs PLANREVIEW_FROZEN=dist/planreview "
                                                   "(make dist && make dist-test)")
COMMAND_TIMEOUT_S = 300
BROKEN = re.compile(r"Traceback|ModuleNotFoundError|No module named|ImportError|"
                    r"cannot open shared object|Failed to execute script")


class Frozen:
    """The bundle copied to a folder of its own, and a clean environment to run it in."""

    def __init__(self, root: Path):
        self.root = root
        self.program = root / "planreview" / "planreview"
        self.home = root / "home"
        self.work = root / "work"
        self.home.mkdir()
        self.work.mkdir()
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8",
                    "QT_QPA_PLATFORM": "offscreen",
                    # keyring's headless fallback, as a server operator sets it
                    "PLANREVIEW_PASSWORD": "demo"}

    @property
    def log(self) -> Path:
        return self.home / ".local" / "share" / "planreview" / "planreview.log"

    def run(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run([str(self.program), *args], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S)
        assert not BROKEN.search(done.stderr), done.stderr
        assert done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
        return done

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(self.program), *args], cwd=self.work, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Frozen:
    source = Path(FROZEN).resolve()
    if not (source / "planreview").is_file():
        pytest.fail(f"{source} has no planreview program: run make dist first")
    root = tmp_path_factory.mktemp("frozen")
    shutil.copytree(source, root / "planreview", symlinks=True)
    frozen = Frozen(root)
    yield frozen
    if frozen.log.is_file():
        log = frozen.log.read_text("utf-8", errors="replace")
        assert not BROKEN.search(log), log[-4000:]


@pytest.fixture(scope="module")
def drawings(tmp_path_factory) -> dict[str, Path]:
    """A PDF, a DXF and a DWG made here: a plan with a frame, walls, a circle and a label."""
    folder = tmp_path_factory.mktemp("drawings")
    pdf = folder / "plan.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=842, height=595)
        page.draw_rect(pymupdf.Rect(20, 20, 822, 575), color=(0, 0, 0), width=1.5)
        page.draw_rect(pymupdf.Rect(100, 100, 500, 400), color=(0, 0, 0), width=3)
        page.draw_circle((300, 250), 60, color=(0.8, 0, 0), width=2)
        page.insert_text((620, 540), "A-101 GROUND FLOOR PLAN", fontsize=12)
        doc.save(pdf)

    import ezdxf
    dxf = folder / "plan.dxf"
    drawing = ezdxf.new("R2010", units=6)
    model = drawing.modelspace()
    model.add_lwpolyline([(0, 0), (12, 0), (12, 8), (0, 8)], close=True)
    model.add_circle((6, 4), 2)
    model.add_text("LIVING", height=0.5).set_placement((1, 1))
    drawing.saveas(dxf)

    import ezdwg
    dwg = folder / "plan.dwg"
    written = ezdwg.new()
    walls = written.modelspace()
    for start, end in (((0, 0), (12, 0)), ((12, 0), (12, 8)), ((12, 8), (0, 8)), ((0, 8), (0, 0))):
        walls.add_line(start, end)
    walls.add_circle((6, 4), 2)
    ezdwg.to_dwg(written, str(dwg))
    return {"pdf": pdf, "dxf": dxf, "dwg": dwg}


def _corpus_sheet(kind: str) -> list[Path]:
    """The smallest corpus file of a kind, when the corpus is here."""
    files = corpus_files(kind)
    return [min(files, key=lambda path: path.stat().st_size)] if files else []


def _ink(png: Path) -> float:
    """The share of pixels that are not background white (read by PIL, not by us)."""
    pixels = np.asarray(Image.open(png).convert("L"))
    return float((pixels < 200).mean())


def test_version_names_the_engines(frozen):
    text = frozen.run("--version").stdout
    for engine in ("Plan Review", "Qt (PySide6)", "PyMuPDF", "ezdxf", "ezdwg"):
        assert engine in text
    assert "not installed" not in text, text


@pytest.mark.parametrize("kind", ["pdf", "dxf", "dwg"])
def test_info_and_render_of_a_drawing_made_here(frozen, drawings, kind):
    source = drawings[kind]
    described = json.loads(frozen.run("info", str(source)).stdout)
    assert described["kind"] == kind and described["sheets"]
    output = frozen.work / f"{kind}.png"
    frozen.run("render", str(source), "-o", output.name, "--width", "1200")
    with Image.open(output) as image:
        assert image.width == 1200
    assert 0.002 < _ink(output) < 0.5


@pytest.mark.parametrize("kind", ["pdf", "dxf", "dwg"])
def test_info_and_render_of_a_corpus_sheet(frozen, kind):
    sheets = _corpus_sheet(kind)
    if not sheets:
        pytest.skip("the corpus is not present")
    described = json.loads(frozen.run("info", str(sheets[0])).stdout)
    assert described["kind"] == kind
    output = frozen.work / f"corpus-{kind}.png"
    frozen.run("render", str(sheets[0]), "-o", str(output), "--width", "1000")
    assert _ink(output) > 0.001


def test_annotate_writes_a_pdf_other_readers_accept(frozen, drawings):
    markups = frozen.work / "markups.json"
    markups.write_text(json.dumps({"schema_version": 1, "markups": [
        {"kind": "cloud", "sheet": 0, "points": [[120, 80], [340, 80], [340, 190], [120, 190]],
         "text": "Stair width is below 1200 mm", "author": "A. Reviewer"},
        {"kind": "text", "sheet": 0, "points": [[520, 120], [760, 180]],
         "text": "عرض الدرج أقل من ١٢٠٠ مم", "author": "A. Reviewer"}]}), "utf-8")
    frozen.run("annotate", str(drawings["pdf"]), "--markups", markups.name, "-o", "marked.pdf")
    marked = frozen.work / "marked.pdf"
    subprocess.run([require_tool("qpdf"), "--check", str(marked)], check=True,
                   capture_output=True)
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(marked)     # PDFium reads the annotations
    try:
        assert pdfium_c.FPDFPage_GetAnnotCount(document[0].raw) >= 2
    finally:
        document.close()
    frozen.run("annotate", str(drawings["pdf"]), "--markups", markups.name, "-o", "summary.csv")
    assert "Stair width is below 1200 mm" in (frozen.work / "summary.csv").read_text("utf-8")


def test_verify_accepts_an_approved_set_and_refuses_a_changed_one(frozen, tmp_path):
    from review.signing import CA_FOLDER, ROOT_FILE
    from tests.review.approved_sets import build

    issued = build(tmp_path).path
    root = tmp_path / "authority" / CA_FOLDER / ROOT_FILE
    pdfsig = shutil.which("pdfsig")
    if pdfsig:      # poppler sees the signature the frozen program is about to check
        assert "Signature #1" in subprocess.run([pdfsig, str(issued)], capture_output=True,
                                                text=True).stdout
    text = frozen.run("verify", str(issued), "--trust", str(root)).stdout
    assert text.startswith("valid") and "BP-2025-0042" in text and "PAdES B-LTA" in text
    changed = frozen.work / "changed.pdf"
    with pymupdf.open(issued) as doc:
        doc[0].add_text_annot((200, 200), "approved without the fire exit")
        doc.save(changed, incremental=False)
    assert frozen.run("verify", str(changed), "--trust", str(root), expect=1) \
        .stdout.startswith("NOT VALID")


def test_the_server_seeds_the_demo_and_answers_health(frozen):
    server = frozen.start("server", "--port", "0", "--seed-demo", "--data", "server-data")
    try:
        line = server.stdout.readline()
        assert "http://" in line, line + server.stderr.read()
        base = line[line.index("http://"):].split()[0]
        with urllib.request.urlopen(f"{base}/health", timeout=30) as response:
            assert response.status == 200
            health = json.loads(response.read())
        assert health.get("status") == "ok", health
        assert health["database"] == "sqlite"
        # a seeded user logs in: argon2's native module and the token signing are bundled
        login = urllib.request.Request(f"{base}/auth/token", data=urllib.parse.urlencode(
            {"username": "arch1", "password": "demo"}).encode("ascii"))
        with urllib.request.urlopen(login, timeout=30) as response:
            assert json.loads(response.read())["access_token"]
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert not BROKEN.search(errors), errors


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_demo_draws_its_first_sheet_offscreen(frozen, language):
    shot = frozen.work / f"demo-{language}.png"
    frozen.run("demo", "--lang", language, "--screenshot", shot.name)
    with Image.open(shot) as image:
        assert image.size == (1920, 1080)
        pixels = np.asarray(image.convert("L"))
    # the canvas sits in the middle (docks on both sides, mirrored in Arabic): a white sheet
    # with drawn lines on it, not an empty grey view
    middle = pixels[150:700, 500:1400]
    white = middle > 245
    assert white.mean() > 0.3, "no sheet in the middle of the window"
    rows, columns = np.nonzero(white)
    sheet = middle[rows.min() + 5:rows.max() - 5, columns.min() + 5:columns.max() - 5]
    assert (sheet < 160).mean() > 0.003, "the sheet is blank: nothing was drawn"
