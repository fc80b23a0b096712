"""CAD sheets in tiles: the first view before the whole-sheet preview, one repaint when the
view is complete rather than one per tile."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPainter

from tests.viewers.cad import drawings
from viewers.core.formats import open_document
from viewers.qt import cad_tiles
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


class StepService(CadTileService):
    """Draws the queued requests only when the test says so."""

    def run(self, key, priority, work, done) -> None:
        with self._lock:
            self._pending[key] = (priority, next(self._sequence), work, done)

    def draw_one(self, qapp) -> None:
        self._draw_next()
        qapp.processEvents()


def test_window_repaints_once_the_view_is_complete_not_for_every_tile(
        qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(cad_tiles, "REPAINT_INTERVAL_MS", 3_600_000)   # no timed repaint
    document = open_document(drawings.plan(tmp_path / "plan.dxf"))
    service = StepService()
    layer = TiledCadLayer(create_cad_layer(document, 0), service, str(document.path))
    repaints = []
    layer.updated.connect(lambda rect: repaints.append(rect))
    scale = 3 * TILE / layer.scene_rect().width()
    paint(layer, scale)
    tiles = sum(key.column >= 0 for key in service._pending)
    assert tiles >= 3
    for _ in range(tiles - 1):
        service.draw_one(qapp)
    assert repaints == []             # tiles still to come: no 4K repaint per tile
    service.draw_one(qapp)
    assert len(repaints) == 1         # the last one: at once
    paint(layer, scale)
    assert layer.is_fully_drawn()
    service.draw_one(qapp)            # the preview, asked after the tiles
    assert len(repaints) == 2 and layer._preview is not None


def test_zooming_in_from_a_sharp_view_skips_the_preview_under_the_previous_tiles(
        qapp, tmp_path, monkeypatch):
    document = open_document(drawings.plan(tmp_path / "plan.dxf"))
    service = StepService()
    layer = TiledCadLayer(create_cad_layer(document, 0), service, str(document.path))
    scale = 3 * TILE / layer.scene_rect().width()
    paint(layer, scale)
    while service._pending:
        service.draw_one(qapp)
    paint(layer, scale)
    assert layer.is_fully_drawn() and layer._preview is not None
    previews = []
    monkeypatch.setattr(cad_tiles, "paint_preview_part",
                        lambda painter, target, *rest: previews.append(target))
    paint(layer, scale * 1.25)          # every new tile lies under the sharp view's tiles
    assert not layer.is_fully_drawn() and previews == []
    paint(layer, scale / 1.25)          # zoomed out: the previous level leaves gaps
    assert previews
