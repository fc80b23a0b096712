"""A QGuiApplication for headless drawing (command line, benchmarks, the screenshot)."""
from __future__ import annotations

import os


def ensure_gui_application():
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["planreview"])
    return app
