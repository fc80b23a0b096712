"""The inspector dock: what the current sheet is, and what loading the file warned about.

The sheet number and title are edited in place: the reviewer corrects what the title block
was read as (Enter commits, Esc puts back what was shown), and the window makes it one undo
step saved with the review.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.viewer_messages import warning_text
from desktop.scrolling import scrolling
from viewers.core.sheets import SheetInfo


class _IdentityEdit(QLineEdit):
    """A sheet number or title field: Esc puts back what was shown."""

    def event(self, event) -> bool:
        # Esc belongs to the field while it has the focus, not to the window's Cancel Rendering
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self.property("shown") or "")
            self.clearFocus()
            return
        super().keyPressEvent(event)


class InspectorDock(QDockWidget):
    FIELDS = ("file", "number", "title", "label", "size", "units", "paths")
    EDITABLE = ("number", "title")
    identity_edited = Signal(int, str, str)   # sheet, number, title as the reviewer wrote them

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("inspector")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.form = QFormLayout()
        self.values = {name: (_IdentityEdit(body) if name in self.EDITABLE else QLabel("", body))
                       for name in self.FIELDS}
        self.captions = {name: QLabel("", body) for name in self.FIELDS}
        self.sheet: int | None = None
        for name in self.FIELDS:
            value = self.values[name]
            if name in self.EDITABLE:
                value.setObjectName(f"inspector_{name}")
                value.setEnabled(False)
                value.returnPressed.connect(self._commit)
            else:
                value.setWordWrap(True)
            self.form.addRow(self.captions[name], value)
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
        self.sheet = info.index if info is not None else None
        if info is not None:
            values.update(number=info.number, title=info.title, label=info.label,
                          units=info.units)
            if info.width_mm is not None:
                values["size"] = f"{info.width_mm:.0f} x {info.height_mm:.0f} mm"
            if info.path_count is not None:
                values["paths"] = f"{info.path_count:,}"
        for name, text in values.items():
            value = self.values[name]
            if name in self.EDITABLE:
                value.setEnabled(info is not None)
                value.setProperty("shown", text)
                if value.hasFocus():
                    continue   # the reviewer is typing: better information can wait
            value.setText(text)

    def edit_identity(self) -> None:
        """Puts the cursor in the sheet number, all of it selected, to type the right one."""
        self.show()
        self.raise_()
        field = self.values["number"]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _commit(self) -> None:
        number, title = self.values["number"], self.values["title"]
        number.clearFocus()
        title.clearFocus()
        if self.sheet is not None and (number.text() != number.property("shown")
                                       or title.text() != title.property("shown")):
            self.identity_edited.emit(self.sheet, number.text(), title.text())
        number.setText(number.property("shown") or "")   # until the window shows the result
        title.setText(title.property("shown") or "")

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
        for name in self.EDITABLE:
            self.values[name].setToolTip(self.tr(
                "Correct what the title block was read as; Enter saves it with the review"))
        self.show_warnings(self.shown_warnings)    # worded in the new language

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
