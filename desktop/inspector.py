"""The inspector dock: what the current sheet is, and what loading the file warned about."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDockWidget, QFormLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from desktop.viewer_messages import warning_text
from desktop.scrolling import scrolling
from viewers.core.sheets import SheetInfo


class InspectorDock(QDockWidget):
    FIELDS = ("file", "number", "title", "label", "size", "units", "paths")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("inspector")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.form = QFormLayout()
        self.values = {name: QLabel("", body) for name in self.FIELDS}
        self.captions = {name: QLabel("", body) for name in self.FIELDS}
        for name in self.FIELDS:
            self.values[name].setWordWrap(True)
            self.form.addRow(self.captions[name], self.values[name])
        layout.addLayout(self.form)
        self.warnings_caption = QLabel("", body)
        self.warnings = QListWidget(body)
        self.warnings.setWordWrap(True)
        self.warnings.setMinimumHeight(48)
        layout.addWidget(self.warnings_caption)
        layout.addWidget(self.warnings, 1)
        self.shown_warnings: tuple[str, ...] = ()
        self.setWidget(scrolling(body))
        self.retranslate()

    def show_sheet(self, file_name: str, info: SheetInfo | None) -> None:
        values = {name: "" for name in self.FIELDS}
        values["file"] = file_name
        if info is not None:
            values.update(number=info.number, title=info.title, label=info.label,
                          units=info.units)
            if info.width_mm is not None:
                values["size"] = f"{info.width_mm:.0f} x {info.height_mm:.0f} mm"
            if info.path_count is not None:
                values["paths"] = f"{info.path_count:,}"
        for name, text in values.items():
            self.values[name].setText(text)

    def show_warnings(self, warnings: tuple[str, ...]) -> None:
        self.shown_warnings = tuple(warnings)
        self.warnings.clear()
        self.warnings.addItems([warning_text(warning) for warning in warnings])
        self.warnings_caption.setText(self.tr("Warnings (%n)", "", len(warnings)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inspector"))
        captions = {
            "file": self.tr("File"), "number": self.tr("Sheet number"), "title": self.tr("Title"),
            "label": self.tr("Page label"), "size": self.tr("Size"), "units": self.tr("Units"),
            "paths": self.tr("Vector paths"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        self.show_warnings(self.shown_warnings)    # worded in the new language

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
