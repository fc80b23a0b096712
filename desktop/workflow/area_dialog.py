"""Choosing the area measurement the gross area is taken from: the area markups of the drawing
open in the window, with their sheet, value, comment and author. The choice becomes the
`source` the permit server keeps for audit (docs/permit-api.md, "Gross area from a
measurement")."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QTableWidget, QVBoxLayout)

from desktop.workflow.panel import fill_table
from review.markups import Markup, MarkupKind

MM2_PER_M2 = Decimal(1_000_000)
SHEET_LABEL_LIMIT = 40  # what the server keeps of a sheet label


@dataclass(frozen=True)
class AreaMeasurement:
    markup: Markup
    sheet_label: str       # what the title block calls the sheet, e.g. A-101
    document_sha256: str   # the drawing file the markup was made on

    @property
    def measured_m2(self) -> Decimal:
        """The measured area to a square millimetre, as the server records it."""
        return (Decimal(str(self.markup.measurement.value)) / MM2_PER_M2).quantize(
            Decimal("0.000001"), ROUND_HALF_UP)

    @property
    def gross_area_m2(self) -> Decimal:
        return self.measured_m2.quantize(Decimal("0.01"), ROUND_HALF_UP)

    def source(self, documents: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """The request's `source`: the markup and the application's document whose versions
        include the measured file (empty when the drawing is not one the server holds)."""
        holders = [d["id"] for d in documents
                   if any(v["sha256"] == self.document_sha256 for v in d.get("versions", ()))]
        return {"markup_id": str(self.markup.id),
                "document_id": holders[0] if len(holders) == 1 else "",
                "document_sha256": self.document_sha256, "sheet": self.markup.sheet,
                "sheet_label": self.sheet_label[:SHEET_LABEL_LIMIT],
                "measured_m2": str(self.measured_m2)}


def area_measurements(session) -> list[AreaMeasurement]:
    """The measured area markups of a MarkupSession (None: no drawing open), in sheet order."""
    if session is None:
        return []
    return [AreaMeasurement(m, session.drawing.info(m.sheet).number, session.store.document)
            for m in session.markups.ordered()
            if m.kind == MarkupKind.AREA and m.measurement is not None
            and m.measurement.unit == "mm2" and m.measurement.value > 0]


class AreaDialog(QDialog):
    """Lists the measurements to pick one; with none, says how to make one instead."""

    def __init__(self, measurements: Sequence[AreaMeasurement], drawing_open: bool,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("grossAreaDialog")
        self.measurements = list(measurements)
        self.drawing_open = drawing_open
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("areaMeasurements")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.note_label = QLabel(self)
        self.note = QLineEdit(self)
        self.note.setMaxLength(2000)
        self.note_label.setBuddy(self.note)
        buttons = (QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                   if self.measurements else QDialogButtonBox.StandardButton.Close)
        self.buttons = QDialogButtonBox(buttons, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        for widget in (self.table, self.note_label, self.note):
            layout.addWidget(widget)
            widget.setVisible(bool(self.measurements))
        layout.addWidget(self.buttons)
        self.retranslate()  # the headers first: the columns fit them as well as the rows
        if self.measurements:
            fill_table(self.table, [
                (m.sheet_label, f"{m.measured_m2:,.2f}", m.markup.text, m.markup.author)
                for m in self.measurements])
            self.table.itemSelectionChanged.connect(self._update_ok)
            self.table.selectRow(0)
            self.resize(560, 360)

    def chosen(self) -> AreaMeasurement | None:
        rows = self.table.selectionModel().selectedRows()
        return self.measurements[rows[0].row()] if rows else None

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.chosen() is not None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Gross Area from Measurement"))
        if self.measurements:
            self.prompt.setText(self.tr(
                "Choose the area measurement the application's gross area is taken from. The"
                " link is kept for audit; fees already assessed are assessed again."))
        elif self.drawing_open:
            self.prompt.setText(self.tr(
                "The open drawing has no area measurements. Measure the gross area on it with"
                " the Area tool first, then take it from the measurement."))
        else:
            self.prompt.setText(self.tr(
                "No drawing is open. Open a drawing of this application, measure the gross area"
                " with the Area tool, then take it from the measurement."))
        self.table.setHorizontalHeaderLabels([self.tr("Sheet"), self.tr("Area (m²)"),
                                              self.tr("Comment"), self.tr("Author")])
        self.note_label.setText(self.tr("&Note (optional):"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
