"""A seeded battery of hostile drawing files: damaged, recursive, bomb-like, extreme and
mislabelled. Each case makes its file in a folder; the battery (test_hostile.py) and the
benchmark (bench/hostile.py) run every case through `info` and `render` on the command line.

The sizes are chosen so that a reader that does not bound its work runs for hours or needs
gigabytes, while a bounded one ends in seconds: the files themselves stay small.
"""
from __future__ import annotations

import math
import os
import random
import re
import socket
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ezdxf

SEED = 20261207


@dataclass(frozen=True)
class Case:
    name: str
    kind: str            # what the case is about, for the summary
    make: Callable[[Path, random.Random], Path]
    refused: bool = False   # expected to be refused with one line (else drawn, maybe in part)


# ---- PDF ---------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of `objects` (object n is objects[n - 1]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def _stream(dictionary: bytes, data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        dictionary += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def _one_page(content: bytes, resources: bytes = b"<< >>", extra: list[bytes] = ()) -> bytes:
    """Catalog 1, pages 2, page 3, content 4, then `extra` from object 5."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                 b" /Resources %s >>" % resources,
                 _stream(b"", content, compress=True), *extra])


def tiny_tiling_pattern(folder: Path, rng: random.Random) -> Path:
    step = b"%.7f" % (rng.uniform(2, 4) * 1e-6)
    pattern = _stream(b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1"
                      b" /BBox [0 0 1 1] /XStep " + step + b" /YStep " + step +
                      b" /Resources << >>", b"0 0 1 rg 0 0 0.5 0.5 re f")
    path = folder / "tiny-tiling.pdf"
    path.write_bytes(_one_page(b"/Pattern cs /P0 scn 50 50 500 700 re f",
                               b"<< /Pattern << /P0 5 0 R >> >>", [pattern]))
    return path


def nested_forms(folder: Path, rng: random.Random) -> Path:
    """Each form draws the next one `fan` times: fan ** depth leaf paths."""
    depth, fan = 9, rng.choice((11, 12))
    forms = []
    first = 5
    for level in range(depth):
        if level == depth - 1:
            body = b"0 0 m 10 10 l S"
            resources = b"<< >>"
        else:
            body = b"".join(b"q 1 0 0 1 %d %d cm /F Do Q\n" % (i, i) for i in range(fan))
            resources = b"<< /XObject << /F %d 0 R >> >>" % (first + level + 1)
        forms.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 600 800]"
                             b" /Resources " + resources, body))
    path = folder / "nested-forms.pdf"
    path.write_bytes(_one_page(b"/F Do", b"<< /XObject << /F 5 0 R >> >>", forms))
    return path


def page_tree_cycle(folder: Path, rng: random.Random) -> Path:
    path = folder / "page-tree-cycle.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                           b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
                           b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
                           b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>"]))
    return path


def form_cycle(folder: Path, rng: random.Random) -> Path:
    """A form that draws itself through its own resources."""
    form = _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 600 800]"
                   b" /Resources << /XObject << /Me 5 0 R >> >>", b"0 0 m 5 5 l S /Me Do")
    path = folder / "form-cycle.pdf"
    path.write_bytes(_one_page(b"/Me Do", b"<< /XObject << /Me 5 0 R >> >>", [form]))
    return path


def deep_graphics_states(folder: Path, rng: random.Random) -> Path:
    depth = rng.randint(300_000, 400_000)
    path = folder / "deep-states.pdf"
    path.write_bytes(_one_page(b"q " * depth + b"0 0 m 100 100 l S " + b"Q " * depth))
    return path


def content_outside_page(folder: Path, rng: random.Random) -> Path:
    """Many paths, every one of them far off the page: a blank render that must say why."""
    lines = b"".join(b"%d %d m %d %d l S\n" % (20000 + i % 997, 30000 + i % 991,
                                               20010 + i % 997, 30010 + i % 991)
                     for i in range(rng.randint(200_000, 250_000)))
    path = folder / "off-page.pdf"
    path.write_bytes(_one_page(lines))
    return path


def truncated_pdf(folder: Path, rng: random.Random) -> Path:
    data = _one_page(b"0 0 m 100 100 l S")
    path = folder / "truncated.pdf"
    path.write_bytes(data[: rng.randint(20, 40)])
    return path


# ---- not regular files -------------------------------------------------------------------------

def fifo(folder: Path, rng: random.Random) -> Path:
    path = folder / "pipe.pdf"
    os.mkfifo(path)
    return path


def device(folder: Path, rng: random.Random) -> Path:
    path = folder / "zeros.dxf"
    os.symlink("/dev/zero", path)
    return path


def unix_socket(folder: Path, rng: random.Random) -> Path:
    path = folder / "socket.dwg"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()    # the socket file stays
    return path


# ---- impostors ---------------------------------------------------------------------------------

def _bytes_case(file_name: str, data: Callable[[random.Random], bytes]):
    def make(folder: Path, rng: random.Random) -> Path:
        path = folder / file_name
        path.write_bytes(data(rng))
        return path
    make.__name__ = file_name
    return make


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _png(rng: random.Random) -> bytes:
    import pymupdf

    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pixmap.clear_with(rng.randint(0, 255))
    return pixmap.tobytes("png")


def _jpeg(rng: random.Random) -> bytes:
    import pymupdf

    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pixmap.clear_with(rng.randint(0, 255))
    return pixmap.tobytes("jpg")


IMPOSTORS = {
    "plan.pdf": _png,
    "photo.dwg": _jpeg,
    "scan.pdf": lambda rng: b"II*\x00\x08\x00\x00\x00" + bytes(rng.randbytes(64)),
    "letter.pdf": lambda rng: _zip({"[Content_Types].xml": b"<Types/>",
                                    "word/document.xml": b"<w:document/>"}),
    "fees.dxf": lambda rng: _zip({"[Content_Types].xml": b"<Types/>",
                                  "xl/workbook.xml": b"<workbook/>"}),
    "page.pdf": lambda rng: b"<!DOCTYPE html>\n<html><body>not found</body></html>\n",
    "print.pdf": lambda rng: b"%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n",
    "notes.dxf": lambda rng: b"Site notes\nNothing to see here.\n" * 5,
    "notes16.dwg": lambda rng: "Site notes in UTF-16\n".encode("utf-16"),
    "noise.pdf": lambda rng: bytes(rng.randbytes(4096)),
}


def hostile_name(folder: Path, rng: random.Random) -> Path:
    """A PNG whose name holds terminal escapes, a bidi override and is far too long."""
    name = "\x1b[2J\x1b]0;owned\x07" + "\u202e" + "x" * 180 + ".pdf"
    path = folder / name
    path.write_bytes(_png(rng))
    return path


# ---- DXF ---------------------------------------------------------------------------------------

def _save(doc, path: Path) -> Path:
    doc.saveas(path)
    return path


def extreme_values(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    model = doc.modelspace()
    model.add_line((0, 0), (100, 100))
    model.add_circle((10, 10), 1e305)
    model.add_arc((20, 20), 5, math.nan, math.nan)
    model.add_text("high", height=-1e305, dxfattribs={"insert": (0, 0)})
    model.add_line((math.inf, 0), (0, math.nan))
    block = doc.blocks.new("B")
    block.add_line((0, 0), (1, 1))
    model.add_blockref("B", (5, 5), dxfattribs={"xscale": 0, "yscale": 0})
    model.add_blockref("B", (5, 5), dxfattribs={"xscale": 1e305, "yscale": 1e305})
    model.add_lwpolyline([(0, 0), (1e306, 1), (math.nan, 2)])
    return _save(doc, folder / "extreme.dxf")


def nested_blocks(folder: Path, rng: random.Random) -> Path:
    """Nine levels of blocks, each inserting the one below it ten or eleven times."""
    doc = ezdxf.new("R2018")
    fan = rng.choice((10, 11))
    block = doc.blocks.new("L0")
    block.add_line((0, 0), (1, 1))
    for level in range(1, 10):
        block = doc.blocks.new(f"L{level}")
        for i in range(fan):
            block.add_blockref(f"L{level - 1}", (i * 2.0 ** level, 0))
    doc.modelspace().add_blockref("L9", (0, 0))
    return _save(doc, folder / "nested-blocks.dxf")


def minsert_huge(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    block = doc.blocks.new("CELL")
    block.add_line((0, 0), (1, 1))
    block.add_circle((0.5, 0.5), 0.4)
    count = rng.randint(30000, 32767)
    doc.modelspace().add_blockref("CELL", (0, 0)).grid(size=(count, count), spacing=(2, 2))
    return _save(doc, folder / "minsert-huge.dxf")


def minsert_of_minsert(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    cell = doc.blocks.new("CELL")
    cell.add_line((0, 0), (1, 1))
    grid = doc.blocks.new("GRID")
    grid.add_blockref("CELL", (0, 0)).grid(size=(900, 900), spacing=(2, 2))
    doc.modelspace().add_blockref("GRID", (0, 0)).grid(size=(900, 900), spacing=(2000, 2000))
    return _save(doc, folder / "minsert-nested.dxf")


def block_cycle(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    a, b = doc.blocks.new("DOOR"), doc.blocks.new("FRAME")
    a.add_line((0, 0), (1, 0))
    a.add_blockref("FRAME", (1, 0))
    b.add_line((0, 0), (0, 1))
    b.add_blockref("DOOR", (0, 1))
    doc.modelspace().add_blockref("DOOR", (0, 0))
    doc.modelspace().add_line((0, 0), (5, 5))
    return _save(doc, folder / "block-cycle.dxf")


def block_chain(folder: Path, rng: random.Random) -> Path:
    """A chain of thousands of blocks, each inserting the next once: deep, not wide."""
    doc = ezdxf.new("R2018")
    length = rng.randint(4000, 5000)
    for level in range(length):
        block = doc.blocks.new(f"C{level}")
        block.add_line((0, 0), (1, 0))
        if level + 1 < length:
            block.add_blockref(f"C{level + 1}", (1, 0))
    doc.modelspace().add_blockref("C0", (0, 0))
    return _save(doc, folder / "block-chain.dxf")


def invalid_utf8(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    doc.modelspace().add_text("MARKER", height=2.5)
    doc.modelspace().add_line((0, 0), (10, 10))
    path = _save(doc, folder / "bad-bytes.dxf")
    data = path.read_bytes().replace(b"MARKER", b"PLAN \xff\xfe\xc3( \xed\xa0\x80 END")
    path.write_bytes(data)
    return path


def utf16_dxf(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    doc.modelspace().add_line((0, 0), (rng.randint(10, 99), 10))
    doc.modelspace().add_circle((5, 5), 3)
    path = _save(doc, folder / "utf16.dxf")
    path.write_bytes(path.read_text("utf-8").encode("utf-16"))
    return path


def long_text_line(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    text = "".join(rng.choice("ABCDEFGH ") for _ in range(1_000_000))
    doc.modelspace().add_text(text, height=2.5)
    return _save(doc, folder / "long-text.dxf")


def many_hatch_paths(folder: Path, rng: random.Random) -> Path:
    doc = ezdxf.new("R2018")
    hatch = doc.modelspace().add_hatch(color=1)
    for i in range(30_000):
        x, y = (i % 200) * 3.0, (i // 200) * 3.0
        hatch.paths.add_polyline_path([(x, y), (x + 2, y), (x + 2, y + 2), (x, y + 2)])
    return _save(doc, folder / "hatch-paths.dxf")


def empty_entities(folder: Path, rng: random.Random) -> Path:
    """Entities that all draw nothing (zero-length lines, zero circles): a blank sheet."""
    doc = ezdxf.new("R2018")
    model = doc.modelspace()
    for i in range(rng.randint(50, 80)):
        model.add_line((i, i), (i, i))
        model.add_circle((i, 0), 0)
    return _save(doc, folder / "draws-nothing.dxf")


CASES = (
    Case("pdf-tiny-tiling", "bomb", tiny_tiling_pattern),
    Case("pdf-nested-forms", "bomb", nested_forms),
    Case("pdf-page-tree-cycle", "recursive", page_tree_cycle, refused=True),
    Case("pdf-form-cycle", "recursive", form_cycle),
    Case("pdf-deep-states", "recursive", deep_graphics_states),
    Case("pdf-off-page", "blank", content_outside_page),
    Case("pdf-truncated", "damaged", truncated_pdf, refused=True),
    Case("fifo", "not a file", fifo, refused=True),
    Case("device", "not a file", device, refused=True),
    Case("socket", "not a file", unix_socket, refused=True),
    *(Case(f"impostor-{name}", "mislabelled", _bytes_case(name, data), refused=True)
      for name, data in IMPOSTORS.items()),
    Case("hostile-name", "mislabelled", hostile_name, refused=True),
    Case("dxf-extreme-values", "extreme", extreme_values),
    Case("dxf-nested-blocks", "bomb", nested_blocks),
    Case("dxf-minsert-huge", "bomb", minsert_huge),
    Case("dxf-minsert-nested", "bomb", minsert_of_minsert),
    Case("dxf-block-cycle", "recursive", block_cycle),
    Case("dxf-block-chain", "recursive", block_chain),
    Case("dxf-invalid-utf8", "damaged", invalid_utf8),
    Case("dxf-utf16", "mislabelled", utf16_dxf),
    Case("dxf-long-text", "extreme", long_text_line),
    Case("dxf-hatch-paths", "extreme", many_hatch_paths),
    Case("dxf-draws-nothing", "blank", empty_entities),
)


def make(case: Case, folder: Path) -> Path:
    """The case's file in `folder`, the same content on every run (seeded by its name)."""
    folder.mkdir(parents=True, exist_ok=True)
    return case.make(folder, random.Random(f"{SEED}-{case.name}"))


# ---- running a case ----------------------------------------------------------------------------

TIME_LIMIT_S = 30
MEMORY_LIMIT_MB = 2048
# What a message a person reads must not hold: a library's error form, a byte repr, a
# traceback, a class name, a log path.
UNREADABLE = re.compile(r"Error:|code=|b'|b\"|Traceback|\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|"
                        r"Exception)\b|Fz[A-Z]|details in|\.log\b|[\x00-\x08\x0b-\x1f\x7f]")
MAX_MESSAGE = 200


@dataclass
class Run:
    case: str
    command: str         # "info" or "render"
    status: int | None   # None: killed at the time limit
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    image: Path | None

    @property
    def refusal(self) -> str:
        return self.stderr.strip()


def unreadable_reason(message: str) -> str | None:
    """Why a one-line message fails the readability check; None when it passes."""
    if "\n" in message.strip():
        return "more than one line"
    if len(message) > MAX_MESSAGE:
        return f"{len(message)} characters"
    found = UNREADABLE.search(message)
    return f"holds {found.group()!r}" if found else None


def run_case(path: Path, command: str, scratch: Path, repo: Path) -> Run:
    """`python -m desktop.cli info|render FILE` in a subprocess, killed at TIME_LIMIT_S; its
    peak memory is the largest of it and the processes it waited for (wait4)."""
    import signal
    import subprocess
    import time

    image = scratch / f"{command}-out.png" if command == "render" else None
    arguments = [sys.executable, "-m", "desktop.cli", command, str(path)]
    if image is not None:
        arguments += ["-o", str(image), "--width", "800"]
    environment = dict(os.environ, PYTHONPATH=str(repo), QT_QPA_PLATFORM="offscreen",
                       PLANREVIEW_CACHE=str(scratch / "cache"), PLANREVIEW_DATA=str(scratch / "data"))
    started = time.monotonic()
    with open(scratch / f"{command}.out", "wb") as out, open(scratch / f"{command}.err", "wb") as err:
        process = subprocess.Popen(arguments, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   cwd=repo, env=environment, start_new_session=True)
        status = None
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                process.returncode = status
                break
            if time.monotonic() - started > TIME_LIMIT_S:
                os.killpg(process.pid, signal.SIGKILL)
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                break
            time.sleep(0.05)
        try:
            os.killpg(process.pid, signal.SIGKILL)    # whatever it left behind
        except (ProcessLookupError, PermissionError):
            pass
    seconds = time.monotonic() - started
    return Run(path.name, command, status, seconds, usage.ru_maxrss / 1024,
               (scratch / f"{command}.out").read_text("utf-8", "replace"),
               (scratch / f"{command}.err").read_text("utf-8", "replace"),
               image if image is not None and image.is_file() else None)
