"""Fixtures shared by the desktop tests: the main window, and a permit server on loopback."""
import pytest
from PySide6.QtWidgets import QApplication

from desktop import i18n, tasks
from desktop.app import release_clipboard
from desktop.main_window import MainWindow
from tests.sync.client.live_server import LiveServer


@pytest.fixture
def window(qtbot, monkeypatch):
    """The real main window, tasks inline, dialogs reported in the status bar."""
    monkeypatch.setenv("PLANREVIEW_NO_DIALOGS", "1")
    tasks.set_synchronous(True)
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    yield main
    main.close()
    main.service.shutdown()
    release_clipboard()     # as the application does on quit: no crash at the test's exit
    tasks.set_synchronous(False)
    i18n.set_language(QApplication.instance(), "en")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("server")) as live:
        yield live
