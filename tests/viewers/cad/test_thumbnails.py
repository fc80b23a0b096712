"""Navigator thumbnails of CAD sheets: drawn on the tile worker thread, never on the GUI
thread, and announced when they arrive."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desktop.navigator import SheetListModel
from tests.viewers.cad import drawings
from viewers.core.formats import open_document
from viewers.qt import cad_tiles
from viewers.qt.cad_tiles import CadThumbnails, CadTileService
from viewers.qt.drawing import THUMBNAIL_WIDTH, OpenDrawing
from viewers.qt.pdf_layer import PdfTileService


@pytest.fixture
def service(qapp):
    service = CadTileService()
    yield service
    service.shutdown()


@pytest.fixture
def drawn_on(monkeypatch):
    """The threads render_sheet_image ran on."""
    threads = []
    render = cad_tiles.render_sheet_image

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return render(*args, **kwargs)

    monkeypatch.setattr(cad_tiles, "render_sheet_image", recording)
    return threads


def has_ink(image: QImage) -> bool:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8)
    return bool((pixels[pixels != 255]).size)


def test_thumbnail_is_drawn_off_the_gui_thread_and_announced(qtbot, tmp_path, service, drawn_on):
    document = open_document(drawings.plan(tmp_path / "plan.dxf"))
    arrived = []
    thumbnails = CadThumbnails(document, service, 200, arrived.append)
    assert thumbnails.thumbnail(0) is None            # asked for, not drawn on this thread
    qtbot.waitUntil(lambda: arrived == [0], timeout=30000)
    image = thumbnails.thumbnail(0)
    assert image.width() == 200 and has_ink(image)
    assert drawn_on and threading.get_ident() not in drawn_on
    assert thumbnails.thumbnail(0) is image and len(drawn_on) == 1   # drawn once


def test_a_sheet_with_nothing_to_draw_has_no_thumbnail_and_is_not_asked_again(
        qtbot, tmp_path, service, drawn_on):
    drawings.new_drawing().saveas(tmp_path / "empty.dxf")
    document = open_document(tmp_path / "empty.dxf")
    arrived = []
    thumbnails = CadThumbnails(document, service, 200, arrived.append)
    assert thumbnails.thumbnail(0) is None
    qtbot.waitUntil(lambda: arrived == [0], timeout=30000)
    assert thumbnails.thumbnail(0) is None
    qtbot.wait(50)
    assert arrived == [0]


def test_navigator_shows_the_thumbnail_when_it_arrives(qtbot, tmp_path, drawn_on):
    document = open_document(drawings.plan(tmp_path / "plan.dxf"))
    drawing = OpenDrawing(document, PdfTileService(synchronous=True))
    model = SheetListModel()
    model.set_drawing(drawing)
    row = model.index(0)
    assert model.data(row, Qt.ItemDataRole.DecorationRole) is None
    with qtbot.waitSignal(model.dataChanged, timeout=30000):
        pass
    pixmap = model.data(row, Qt.ItemDataRole.DecorationRole)
    assert pixmap.width() == THUMBNAIL_WIDTH
    assert threading.get_ident() not in drawn_on
    drawing.close()
