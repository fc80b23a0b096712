"""How compiled paths are cut into chunks: bounded for Qt's rasteriser, the picture unchanged
(antialiased edges may differ by a shade where paths of two chunks overlap, or where their
float32 vertices round differently)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import ezdxf
import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter

from tests.viewers.cad import drawings
from viewers.core.cad import compiler
from viewers.core.cad.compiled import CompiledSheet
from viewers.qt.cad_layer import CompiledPainter


@pytest.fixture(autouse=True)
def app(qapp):
    return qapp


def text_grid(path):
    """Many small texts (long glyph outlines) and lines, as a dense plan has."""
    doc = drawings.new_drawing()
    msp = doc.modelspace()
    for i in range(600):
        x, y = (i % 30) * 1000.0, (i // 30) * 1000.0
        msp.add_text(f"R{i}", height=300).set_placement((x, y))
        msp.add_line((x, y), (x + 800, y + 500))
    doc.saveas(path)
    return path


def compiled(path) -> CompiledSheet:
    doc = ezdxf.readfile(path)
    folder = Path(tempfile.mkdtemp(dir=path.parent))
    compiler.compile_layout(doc, doc.modelspace(), folder, units="mm", mm_per_unit=1.0)
    return CompiledSheet.load(folder)


def picture(sheet: CompiledSheet, width: int = 900) -> np.ndarray:
    x0, y0, x1, y1 = sheet.extents
    scale = width / (x1 - x0)
    image = QImage(width, round((y1 - y0) * scale) + 1, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.scale(scale, -scale)
    painter.translate(-x0, -y1)
    CompiledPainter(sheet).paint(painter, sheet.extents, scale)
    painter.end()
    return np.frombuffer(image.constBits(), np.uint8).copy()


def chunk_sizes(paths) -> tuple[np.ndarray, np.ndarray]:
    """Paths and vertices per chunk."""
    starts = paths.chunk_starts
    return np.diff(starts), paths.path_starts[starts[1:]] - paths.path_starts[starts[:-1]]


def test_chunks_hold_at_most_the_path_and_vertex_budget(tmp_path):
    sheet = compiled(text_grid(tmp_path / "texts.dxf"))
    for paths in (sheet.fills, sheet.strokes):
        counts, vertices = chunk_sizes(paths)
        assert counts.sum() == paths.path_count
        assert (counts <= compiler.PATHS_PER_CHUNK).all()
        assert ((vertices <= compiler.VERTICES_PER_CHUNK) | (counts == 1)).all()
    assert len(sheet.fills.chunk_group) > 1     # the texts did not fit one chunk


def test_a_path_longer_than_the_budget_is_a_chunk_of_its_own(tmp_path):
    doc = drawings.new_drawing()
    angles = np.linspace(0, 2 * np.pi, compiler.VERTICES_PER_CHUNK * 2)
    doc.modelspace().add_lwpolyline(np.column_stack((np.cos(angles), np.sin(angles))) * 1000)
    doc.modelspace().add_line((0, 0), (10, 10))
    doc.saveas(tmp_path / "long.dxf")
    counts, vertices = chunk_sizes(compiled(tmp_path / "long.dxf").strokes)
    assert sorted(counts) == [1, 1]
    assert vertices.max() >= compiler.VERTICES_PER_CHUNK * 2


def test_cutting_non_overlapping_paths_into_chunks_does_not_change_a_pixel(tmp_path, monkeypatch):
    path = text_grid(tmp_path / "texts.dxf")
    chunked = compiled(path)
    monkeypatch.setattr(compiler, "VERTICES_PER_CHUNK", 10 ** 9)
    monkeypatch.setattr(compiler, "PATHS_PER_CHUNK", 10 ** 9)
    whole = compiled(path)
    assert len(whole.fills.chunk_group) < len(chunked.fills.chunk_group)
    # Vertices are float32 relative to each chunk's corner, so other chunks round them a
    # hundred-thousandth of a pixel differently: an antialiased edge pixel may change a shade.
    difference = np.abs(picture(chunked).astype(int) - picture(whole).astype(int))
    assert difference.max() <= 8 and np.count_nonzero(difference) < difference.size * 1e-3
