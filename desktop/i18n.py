"""English and Arabic: installing translators and switching the layout direction live.

Widgets set their text in a `retranslate()` method and call it again on
QEvent.LanguageChange, so switching the language needs no restart.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = ("en", "ar")

_installed: list[QTranslator] = []


def set_language(app: QApplication, language: str) -> None:
    """Installs the translators for `language` ("en" or "ar") and sets the layout direction."""
    if language not in LANGUAGES:
        language = "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS / f"planreview_{language}.qm")):
            _installed.append(ours)
        qt_base = QTranslator(app)
        if qt_base.load(f"qtbase_{language}",
                        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _installed.append(qt_base)
        for translator in _installed:
            app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if language == "ar"
                           else Qt.LayoutDirection.LeftToRight)
    app.setProperty("planreview_language", language)


def current_language() -> str:
    app = QCoreApplication.instance()
    return (app.property("planreview_language") if app else None) or "en"


def isolated(text: str) -> str:
    """Keeps a value such as "12.5 m" or "12.5 م" intact in a row of the other direction:
    it takes the direction of its own first letter (a first-strong isolate)."""
    return f"\u2068{text}\u2069"
