"""The main window driven as a reviewer would, headless (pytest-qt, offscreen platform)."""
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from desktop import tasks
from desktop.i18n import TRANSLATIONS
from desktop.main_window import MainWindow
from tests import pdf_factory


def wait_drawn(qtbot, window):
    qtbot.waitUntil(lambda: window.canvas.layer is not None
                    and (window.canvas.viewport().repaint() or True)
                    and window.canvas.layer.is_fully_drawn(), timeout=30000)


def test_open_navigate_zoom_rotate(qtbot, window, tmp_path):
    window.open_file(pdf_factory.plan_set(tmp_path / "set.pdf"))
    assert window.navigator.model.rowCount() == 5
    wait_drawn(qtbot, window)
    canvas = window.canvas
    fit = canvas.zoom()
    canvas.zoom_in()
    assert canvas.zoom() == pytest.approx(fit * 1.25)
    canvas.actual_size()
    assert canvas.zoom() == 1.0
    assert "100" in window.zoom_label.text()
    canvas.set_zoom(1000)
    assert canvas.zoom() == 64.0                 # 6400 % at most
    canvas.set_zoom(0.0001)
    assert canvas.zoom() == 0.02                 # 2 % at least
    canvas.fit_width()
    page = canvas.mapFromScene(canvas.layer.scene_rect()).boundingRect()
    assert abs(page.width() - (canvas.viewport().width() - 48)) <= 24
    canvas.rotate_view(90)
    assert canvas.rotation() == 90
    window.actions_by_name["next_sheet"].trigger()
    assert window.views.active.sheet_index == 1
    window.show_sheet(3)
    qtbot.waitUntil(lambda: window.inspector.values["number"].text() == "S-101", timeout=20000)
    wait_drawn(qtbot, window)


def test_wheel_zooms_about_the_cursor(qtbot, window, tmp_path):
    window.open_file(pdf_factory.plan_set(tmp_path / "set.pdf", sheets=1))
    canvas = window.canvas
    anchor = QPointF(200, 150)
    before = canvas.mapToScene(anchor.toPoint())
    canvas.set_zoom(canvas.zoom() * 2, anchor)
    after = canvas.mapToScene(anchor.toPoint())
    assert abs(before.x() - after.x()) < 2 and abs(before.y() - after.y()) < 2


def test_cursor_position_in_millimetres(qtbot, window, tmp_path):
    window.open_file(pdf_factory.plan_set(tmp_path / "set.pdf", sheets=1))
    window.canvas.cursor_moved.emit(72.0, 144.0)
    assert window.position_label.text() == "25.4, 50.8 mm"


def test_split_synchronised_and_detached_views(qtbot, window, tmp_path):
    window.open_file(pdf_factory.plan_set(tmp_path / "set.pdf"))
    window.actions_by_name["split"].trigger()
    assert window.views.is_split()
    first, second = (view.canvas for view in window.views.views)
    assert window.views.views[1].sheet_index == 0
    first.set_zoom(first.zoom() * 2)
    assert second.zoom() == pytest.approx(first.zoom())
    window.actions_by_name["synchronise"].trigger()       # now independent
    first.set_zoom(first.zoom() * 2)
    assert second.zoom() != pytest.approx(first.zoom())
    detached = window.views.detach("second view")
    assert detached.isVisible() and detached.centralWidget() is second
    detached.close()
    assert second.parent() is window.views.splitter
    window.actions_by_name["split"].trigger()
    assert not window.views.is_split()


def test_language_switch_is_live_and_right_to_left(qtbot, window):
    window.set_language("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.waitUntil(lambda: window.file_menu.title() == "&ملف")   # LanguageChange is posted
    assert window.navigator.windowTitle() == "اللوحات"
    assert window.actions_by_name["fit_page"].text() == "ملاءمة ال&لوحة"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_encrypted_pdf_prompts_for_the_password(qtbot, window, tmp_path, monkeypatch):
    answers = iter([("wrong", True), ("secret", True)])
    prompts = []

    def fake_get_text(parent, title, label, *args, **kwargs):
        prompts.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    window.open_file(pdf_factory.encrypted(tmp_path / "enc.pdf"))
    assert window.drawing is not None and window.drawing.sheet_count() == 1
    assert "encrypted" in prompts[0] and "not accepted" in prompts[1]


def test_bad_files_show_a_message_and_keep_the_open_drawing(qtbot, window, tmp_path):
    good = pdf_factory.plan_set(tmp_path / "set.pdf", sheets=1)
    window.open_file(good)
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a drawing")
    window.open_file(bad)
    assert "not a PDF, DXF or DWG" in window.statusBar().currentMessage()
    assert window.drawing is not None and Path(window.drawing.path) == good


def test_damaged_pdf_warnings_are_listed(qtbot, window, tmp_path):
    window.open_file(pdf_factory.damaged(tmp_path / "broken.pdf"))
    assert window.inspector.warnings.count() >= 1
    assert "repaired" in window.inspector.warnings.item(0).text()


def test_load_warnings_are_worded_in_the_interface_language(qtbot, window, tmp_path):
    """The Inspector words a warning in Arabic (the file name kept as it is, isolated) and
    again in English when the language is switched back; a reader's own message stays."""
    window.open_file(pdf_factory.damaged(tmp_path / "broken.pdf"))
    english = [window.inspector.warnings.item(i).text()
               for i in range(window.inspector.warnings.count())]
    assert english[0].startswith("broken.pdf is damaged; MuPDF repaired it")
    window.set_language("ar")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&ملف")
    arabic = window.inspector.warnings.item(0).text()
    assert arabic.startswith("الملف \u2068broken.pdf\u2069 تالف؛ أصلحه MuPDF")
    assert all(window.inspector.warnings.item(i).text().startswith("MuPDF: ")
               for i in range(1, window.inspector.warnings.count()))
    window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert window.inspector.warnings.item(0).text() == english[0]


def test_open_errors_are_worded_in_the_interface_language(qtbot, window, tmp_path):
    """A file that does not open is explained in Arabic, its name kept as it is; the error
    of a drawing read in the compile worker comes back with its code to be worded too, and
    the system's own errors are worded as well."""
    window.set_language("ar")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&ملف")
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a drawing")
    window.open_file(bad)
    assert window.statusBar().currentMessage().startswith(
        "الملف \u2068bad.pdf\u2069 ليس رسمًا بصيغة PDF أو DXF أو DWG")
    broken = tmp_path / "broken.dxf"
    broken.write_bytes(b"0\nSECTION\n\x89PNG" + bytes(range(256)) * 64)
    window.open_file(broken)
    assert window.statusBar().currentMessage().startswith(
        "الملف \u2068broken.dxf\u2069 تالف تلفًا لا يُصلح ولا يمكن فتحه كملف DXF")
    window.open_file(tmp_path / "missing.pdf")
    assert window.statusBar().currentMessage() == \
        f"الملف غير موجود: \u2068{tmp_path / 'missing.pdf'}\u2069"


def test_cad_load_warnings_keep_their_codes_through_the_cache(tmp_path):
    """A compiled drawing's warnings are written with their codes and parameters, so a
    cached reopen words them in the interface language too."""
    import ezdxf

    from desktop.viewer_messages import warning_text
    from viewers.core.cad import open_cad_document
    from viewers.core.sheets import WarningCode

    doc = ezdxf.new()
    doc.modelspace().add_line((0, 0), (1, 1))
    doc.modelspace().add_line((0, 0), (1e15, 1))       # beyond any sane coordinate
    doc.saveas(tmp_path / "far.dxf")
    for _ in range(2):                                  # compiled, then from the cache
        document = open_cad_document(tmp_path / "far.dxf", kind="dxf")
        [warning] = document.report.warnings
        assert warning.code == WarningCode.FAR_AWAY and warning.params["count"] == "1"
        assert warning_text(warning) == str(warning)    # English: the reader's own text
    assert document.from_cache


def test_slow_page_keeps_the_window_responsive_and_cancels(qtbot, window, tmp_path):
    window.open_file(pdf_factory.slow_page(tmp_path / "slow.pdf"))
    window.canvas.viewport().repaint()
    qtbot.waitUntil(lambda: bool(window.service.pool.running_jobs()), timeout=20000)
    qtbot.wait(200)                       # the event loop runs while the page renders
    window.actions_by_name["cancel_render"].trigger()
    assert not window.service.pool.running_jobs()
    assert not window.service.is_busy()


def test_drop_a_file_and_recent_files(qtbot, window, tmp_path):
    path = pdf_factory.plan_set(tmp_path / "dropped.pdf", sheets=1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.drawing is not None and window.drawing.path == str(path)
    assert window.recent_menu.actions()[0].text() == str(path)


def test_window_layout_is_remembered(qtbot, tmp_path):
    tasks.set_synchronous(True)
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.inspector.hide()                  # the reviewer closed the Inspector
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.inspector.isHidden()
    assert not second.navigator.isHidden()
    second.close()
    first.service.shutdown()
    second.service.shutdown()
    tasks.set_synchronous(False)


@pytest.mark.parametrize("dpr", ["1", "1.5", "2"])
def test_hidpi_screenshot(tmp_path, dpr):
    import sys

    out = tmp_path / "shot.png"
    env = {**__import__("os").environ, "QT_SCALE_FACTOR": dpr,
           "PLANREVIEW_DATA": str(tmp_path / "data")}
    source = pdf_factory.plan_set(tmp_path / "set.pdf", sheets=2)
    result = subprocess.run([sys.executable, "-m", "desktop.cli", "open", str(source),
                             "--screenshot", str(out)],
                            capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    import pymupdf

    assert pymupdf.Pixmap(str(out)).width >= int(1920 * float(dpr)) - 1


def test_every_ui_string_has_an_arabic_translation(tmp_path):
    """lupdate over the sources finds no string without a finished Arabic translation."""
    import shutil
    import sys

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    repo = Path(__file__).resolve().parents[2]
    ts = tmp_path / "check_ar.ts"
    shutil.copy(TRANSLATIONS / "planreview_ar.ts", ts)
    sources = sorted(str(p) for p in (repo / "desktop").rglob("*.py")) + sorted(
        str(p) for p in (repo / "viewers" / "qt").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-no-obsolete", "-ts", str(ts)], check=True,
                   capture_output=True)
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "run pyside6-lupdate and translate the new strings"
    qm = TRANSLATIONS / "planreview_ar.qm"
    assert qm.stat().st_mtime >= 0 and qm.stat().st_size > 1000


def test_dxf_sheets_open_on_the_same_canvas(qtbot, window, tmp_path):
    import ezdxf

    doc = ezdxf.new("R2018", setup=True)
    doc.header["$INSUNITS"] = 4   # mm
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 8000), (0, 8000)], close=True)
    msp.add_text("GROUND FLOOR", height=300).set_placement((500, 500))
    layout = doc.layouts.new("A-101")
    layout.add_line((0, 0), (400, 0))
    doc.saveas(tmp_path / "plan.dxf")
    window.open_file(tmp_path / "plan.dxf")
    assert window.drawing is not None and window.drawing.kind == "dxf"
    assert window.navigator.model.rowCount() >= 2          # model space and the layout
    from viewers.qt.cad_layer import CadSheetLayer

    layer = window.canvas.layer
    assert isinstance(layer, CadSheetLayer)        # the Layers dock and snapping work with it
    window.canvas.cursor_moved.emit(1234.5, 678.25)
    assert window.position_label.text() == "1234.500, 678.250 mm"
    wait_drawn(qtbot, window)                      # tiles come from the worker thread
    image = window.canvas.grab().toImage()
    ink = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
              if image.pixelColor(x, y).lightness() < 100)
    assert ink > 20                                # the outline and text are on screen
    layer.set_layers_visible(range(len(layer.sheet.layers)), False)
    wait_drawn(qtbot, window)


def test_cancelling_an_open_keeps_the_window_usable(qtbot, window, tmp_path):
    from viewers.core.errors import RenderCancelled

    window._on_open_failed(tmp_path / "big.dxf", RenderCancelled("cancelled"))
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.progress.isVisible()


def test_the_navigator_fits_its_text_to_a_narrow_dock(qtbot, window, tmp_path):
    window.open_file(pdf_factory.plan_set(tmp_path / "set.pdf"))
    window.resizeDocks([window.navigator], [140], Qt.Orientation.Horizontal)
    view = window.navigator.view
    qtbot.waitUntil(lambda: view.viewport().width() < 160)
    first = view.visualRect(window.navigator.model.index(0))
    assert first.width() <= view.viewport().width()   # no row wider than the dock
    assert view.horizontalScrollBar().maximum() == 0  # so never a sideways scroll
