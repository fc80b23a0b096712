"""The canvas side of CAD sheets: render_sheet_image and the layer controls, headless."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from tests.viewers.cad import drawings
from viewers.core.formats import open_document
from viewers.qt.cad_layer import create_cad_layer, render_sheet_image


@pytest.fixture(autouse=True)
def app(qapp):
    """pytest-qt's QApplication: a bare QGuiApplication here would stop widget tests later."""
    return qapp


@pytest.fixture
def plan(tmp_path):
    return open_document(drawings.plan(tmp_path / "plan.dxf"))


def ink(image: QImage) -> np.ndarray:
    """True where a pixel is not white."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), :3]
    return (pixels < 250).any(axis=2)


def test_render_keeps_the_sheet_aspect_and_draws_the_walls(plan):
    image = render_sheet_image(plan, 0, 800, None)
    info = plan.sheet(0)
    assert image.width() == 800
    assert image.height() == round(800 * info.height / info.width)
    mask = ink(image)
    # the horizontal wall at y = 3000 crosses the whole width of the building
    x0, y0 = info.origin
    scale = 800 / info.width
    row = round((y0 + info.height - 3000) * scale)
    assert mask[row - 1:row + 2, 100:700].any(axis=0).mean() > 0.9


def test_region_in_drawing_units(plan):
    image = render_sheet_image(plan, 0, 400, (1500, 1500, 2500, 2500))
    assert image.height() == 400
    mask = ink(image)
    # the column circle (r 300 about 2000, 2000) shows, the empty centre does not
    assert mask.any() and not mask[180:220, 180:220].any()


def test_hidden_layer_is_not_drawn_and_can_be_shown(plan):
    layer = create_cad_layer(plan, 0)
    hidden = next(i for i, info in enumerate(layer.sheet.layers) if info.name == "HIDDEN")
    assert not layer.layer_visible(hidden)
    region = QRectF(layer.sheet_to_scene().mapRect(QRectF(-520, -520, 140, 140)))

    def draw() -> np.ndarray:
        image = QImage(140, 140, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.translate(-region.left(), -region.top())
        layer.paint(painter, region, 1.0)
        painter.end()
        return ink(image)

    assert not draw().any()
    layer.set_layers_visible([hidden], True)
    assert draw().any()


def test_lineweights_thicken_lines(tmp_path):
    doc = drawings.new_drawing()
    doc.modelspace().add_line((0, 0), (1000, 0), dxfattribs={"lineweight": 200})
    doc.modelspace().add_line((0, 100), (1000, 100))
    doc.saveas(tmp_path / "weights.dxf")
    document = open_document(tmp_path / "weights.dxf")
    thick = ink(render_sheet_image(document, 0, 500, None, lineweights=True)).sum()
    thin = ink(render_sheet_image(document, 0, 500, None, lineweights=False)).sum()
    assert thick > thin * 1.5


def test_arabic_text_is_drawn(tmp_path):
    doc = drawings.new_drawing()
    doc.modelspace().add_text("غرفة النوم", height=100).set_placement((0, 0))
    doc.saveas(tmp_path / "arabic.dxf")
    document = open_document(tmp_path / "arabic.dxf")
    mask = ink(render_sheet_image(document, 0, 600, None))
    assert mask.mean() > 0.05


def test_built_paths_are_kept_up_to_the_bound_and_the_picture_is_the_same(tmp_path, monkeypatch):
    from viewers.qt import cad_layer

    document = open_document(drawings.lines(tmp_path / "lines.dxf", 5000))  # 10 chunks
    every_path_kept = ink(render_sheet_image(document, 0, 600, None))
    monkeypatch.setattr(cad_layer, "PATH_CACHE_VERTICES", 1500)
    layer = create_cad_layer(document, 0)
    image = QImage(600, 600, QImage.Format.Format_RGB32)
    scale = 600 / max(layer.scene_rect().width(), layer.scene_rect().height())
    for _ in range(2):      # the second paint rebuilds what the bound let go
        painter = QPainter(image)
        painter.scale(scale, scale)
        layer.paint(painter, layer.scene_rect(), scale)
        painter.end()
        assert 0 < layer.drawer.built_paths.bytes <= 1500
    assert np.array_equal(ink(render_sheet_image(document, 0, 600, None)), every_path_kept)
