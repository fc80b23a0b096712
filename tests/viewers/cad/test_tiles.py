"""CAD sheets in tiles: what the first view needs is drawn before the whole-sheet preview."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPainter

from tests.viewers.cad import drawings
from viewers.core.formats import open_document
from viewers.qt.cad_layer import create_cad_layer
from viewers.qt.cad_tiles import CadTileService, TiledCadLayer
from viewers.qt.tiles import TILE


def paint(layer: TiledCadLayer, scale: float) -> QImage:
    page = layer.scene_rect()
    image = QImage(round(page.width() * scale), round(page.height() * scale),
                   QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(-page.left(), -page.top())
    layer.paint(painter, page, scale)
    painter.end()
    return image


def test_first_view_tiles_come_before_the_preview_and_match_a_direct_render(
        qtbot, tmp_path):
    document = open_document(drawings.plan(tmp_path / "plan.dxf"))
    service = CadTileService()
    layer = TiledCadLayer(create_cad_layer(document, 0), service, str(document.path))
    arrived = []
    service.tile_ready.connect(arrived.append)
    scale = 3 * TILE / layer.scene_rect().width()    # three tiles across
    paint(layer, scale)
    assert not layer.is_fully_drawn()
    qtbot.waitUntil(lambda: any(key.column < 0 for key in arrived), timeout=30000)
    preview_at = next(i for i, key in enumerate(arrived) if key.column < 0)
    assert preview_at >= 3 and all(key.column >= 0 for key in arrived[:preview_at])
    tiled = paint(layer, scale)
    assert layer.is_fully_drawn()
    direct = paint(create_cad_layer(document, 0), scale)

    def pixels(image: QImage) -> np.ndarray:
        return np.frombuffer(image.constBits(), np.uint8).astype(int)

    # the same drawing code: at most antialiasing rounding where tiles meet
    assert np.abs(pixels(tiled) - pixels(direct)).max() <= 2
    service.shutdown()
