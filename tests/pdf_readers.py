"""Other programs' views of a PDF page, for tests that judge our exports by what readers show:
poppler (pdftoppm), MuPDF (mutool draw) and pdf.js (pdfjs-dist under Node, installed by
tools/pdfjs-setup.sh). Each renders the page as displayed (its /Rotate applied) to an RGB
array at `dpi`, annotations with their appearance streams included."""
from __future__ import annotations

import functools
import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
INK_LEVEL = 200          # a pixel darker than this in any channel is ink


def _read(png: Path) -> np.ndarray:
    return np.asarray(Image.open(png).convert("RGB"))


def poppler(pdf: Path, page: int, dpi: float, scratch: Path) -> np.ndarray:
    exe = shutil.which("pdftoppm") or pytest.skip("poppler-utils (pdftoppm) is not installed")
    stem = scratch / f"poppler-{pdf.stem}-{page}"
    subprocess.run([exe, "-r", f"{dpi:g}", "-f", str(page + 1), "-l", str(page + 1),
                    "-singlefile", "-png", str(pdf), str(stem)], check=True, timeout=120)
    return _read(stem.with_suffix(".png"))


def mupdf(pdf: Path, page: int, dpi: float, scratch: Path) -> np.ndarray:
    exe = shutil.which("mutool") or pytest.skip("mupdf-tools (mutool) is not installed")
    out = scratch / f"mupdf-{pdf.stem}-{page}.png"
    subprocess.run([exe, "draw", "-q", "-r", f"{dpi:g}", "-o", str(out), str(pdf),
                    str(page + 1)], check=True, timeout=120, capture_output=True)
    return _read(out)


@functools.cache
def pdfjs_modules() -> str:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node and npm are needed for pdf.js")
    found = subprocess.run(["sh", str(ROOT / "tools" / "pdfjs-setup.sh"),
                            str(ROOT / ".cache" / "pdfjs")], capture_output=True, text=True,
                           timeout=600)
    if found.returncode != 0:
        pytest.skip(f"pdf.js could not be installed: {found.stderr.strip()[-300:]}")
    return found.stdout.strip()


def pdfjs(pdf: Path, page: int, dpi: float, scratch: Path) -> np.ndarray:
    return pdfjs_render(pdf, page, dpi, scratch)[0]


def pdfjs_render(pdf: Path, page: int, dpi: float, scratch: Path) -> tuple[np.ndarray, list]:
    """The page as pdf.js draws it, and its annotations as pdf.js reads them."""
    out = scratch / f"pdfjs-{pdf.stem}-{page}.png"
    done = subprocess.run(["node", str(ROOT / "tools" / "pdfjs_render.mjs"), str(pdf),
                           str(page + 1), f"{dpi / 72:g}", str(out)], capture_output=True,
                          text=True, timeout=120,
                          env={"PDFJS_MODULES": pdfjs_modules(), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return _read(out), json.loads(done.stdout.strip().splitlines()[-1])


READERS = {"poppler": poppler, "mupdf": mupdf, "pdfjs": pdfjs}


def ink(image: np.ndarray) -> np.ndarray:
    return (image < INK_LEVEL).any(axis=2)


def ink_near(image: np.ndarray, point: tuple[float, float], dpi: float,
             radius_pt: float) -> bool:
    """Is there ink within `radius_pt` points of `point` (displayed page points)?"""
    scale = dpi / 72
    x, y = point[0] * scale, point[1] * scale
    r = radius_pt * scale
    mask = ink(image)
    y0, y1 = max(0, math.floor(y - r)), min(mask.shape[0], math.ceil(y + r) + 1)
    x0, x1 = max(0, math.floor(x - r)), min(mask.shape[1], math.ceil(x + r) + 1)
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    return bool(len(xs)) and bool((np.hypot(xs + x0 + 0.5 - x, ys + y0 + 0.5 - y) <= r).any())


def mutool_text(pdf: Path, page: int) -> str:
    exe = shutil.which("mutool") or pytest.skip("mupdf-tools (mutool) is not installed")
    return subprocess.run([exe, "draw", "-q", "-F", "txt", "-o", "-", str(pdf), str(page + 1)],
                          check=True, capture_output=True, text=True, timeout=120).stdout
