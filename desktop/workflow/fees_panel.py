"""The fee panel: the application's gross area and where it came from, its fee items and
invoices, and the offline preview that review/fees.py computes from the published schedule (the
server assesses with the same code). Fee assessors take the gross area from an area measurement
on the open drawing."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QDockWidget, QLabel, QPushButton, QTableWidget, QVBoxLayout,
                               QWidget)

from desktop import i18n
from desktop.permit_names import when_text
from desktop.workflow.area_dialog import AreaDialog, area_measurements
from desktop.workflow.casefile import CaseFile, may_assess_fees, may_invoice_fees
from desktop.workflow.controller import WorkflowController
from desktop.workflow.panel import fill_table
from review.fees import format_omr, total_baisa
from review.text_safety import display_name


class FeesPanel(QDockWidget):
    dialog_opened = Signal(object)  # the AreaDialog just opened

    def __init__(self, controller: WorkflowController, parent=None):
        super().__init__(parent)
        self.setObjectName("feesPanel")
        self.controller = controller
        # set by install_workflow: () -> the MarkupSession of the open drawing, or None
        self.markup_session = lambda: None
        self.gross_area = QLabel(self)
        self.gross_area.setObjectName("grossArea")
        self.gross_area.setWordWrap(True)
        self.take_area = QPushButton(self)
        self.take_area.setObjectName("takeGrossArea")
        self.take_area.clicked.connect(self.choose_measurement)
        self.take_area.hide()
        # the assessor's step: the assessed fees, once reviewed, become one invoice
        self.invoice_fees = QPushButton(self)
        self.invoice_fees.setObjectName("invoiceAssessedFees")
        self.invoice_fees.clicked.connect(controller.invoice_assessed_fees)
        self.invoice_fees.hide()
        self.fees = QTableWidget(0, 5, self)
        self.fees.setObjectName("feeItems")
        self.invoices = QTableWidget(0, 4, self)
        self.invoices.setObjectName("invoices")
        self.preview = QTableWidget(0, 3, self)
        self.preview.setObjectName("feePreview")
        self.totals = QLabel(self)
        self.preview_total = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.labels = [QLabel(self) for _ in range(3)]
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.gross_area)
        layout.addWidget(self.take_area)
        for label, table in zip(self.labels, (self.fees, self.invoices, self.preview)):
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
            layout.addWidget(label)
            layout.addWidget(table)
            if table is self.fees:
                layout.addWidget(self.totals)
                layout.addWidget(self.invoice_fees)
        layout.addWidget(self.preview_total)
        layout.addWidget(self.notice)
        self.setWidget(body)
        self.case: CaseFile | None = None
        controller.case_loaded.connect(self.show_case)
        controller.busy_changed.connect(self._set_busy)
        self.retranslate()

    def show_case(self, case: CaseFile) -> None:
        self.case = case
        arabic = i18n.current_language() == "ar"
        fill_table(self.fees, [
            (f["code"], f["description_ar" if arabic else "description_en"], f["quantity"],
             format_omr(f["amount_baisa"]), self._status_text(f)) for f in case.fees])
        fill_table(self.invoices, [
            (i["id"][:8], format_omr(i["total_baisa"]), i["status"], i["created_at"])
            for i in case.invoices])
        preview = case.fee_preview()
        fill_table(self.preview, [(f.code, f.description_ar if arabic else f.description_en,
                                   format_omr(f.amount_baisa)) for f in preview])
        self._show_totals()
        self._show_gross_area()
        self.invoice_fees.setVisible(may_invoice_fees(case, self.controller.user))
        self.invoice_fees.setEnabled(not self.controller.busy)

    def _set_busy(self, busy: bool) -> None:
        self.take_area.setEnabled(not busy)
        self.invoice_fees.setEnabled(not busy)

    def _status_text(self, fee: dict) -> str:
        if fee.get("waiver_requested_by"):
            return (self.tr("%1, waiver asked by %2: a second supervisor confirms")
                    .replace("%1", fee["status"])
                    .replace("%2", display_name(fee["waiver_requested_by"])))
        return fee["status"]

    def _show_gross_area(self) -> None:
        app = self.case.application
        source = app.get("gross_area_source")
        if source:
            sheet = source["sheet_label"] or str(source["sheet"] + 1)
            text = (self.tr("Gross area %1 m² from an area measurement on sheet %2, by %3, %4")
                    .replace("%2", sheet).replace("%3", source["set_by"])
                    .replace("%4", when_text(source["set_at"])))
        else:
            text = self.tr("Gross area %1 m² as stated by the consultant")
        self.gross_area.setText(text.replace("%1", app["gross_area_m2"]))
        self.take_area.setVisible(may_assess_fees(self.case.state, self.controller.user))
        self.take_area.setEnabled(not self.controller.busy)

    def choose_measurement(self) -> None:
        """Opens the choice of the open drawing's area measurements (or says there are none);
        OK sends the chosen one to the server."""
        session = self.markup_session()
        dialog = AreaDialog(area_measurements(session), session is not None, self)
        dialog.accepted.connect(lambda: self._take(dialog))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _take(self, dialog: AreaDialog) -> None:
        chosen = dialog.chosen()
        if chosen is not None:
            self.controller.take_gross_area(chosen, dialog.note.text().strip())

    def _show_totals(self) -> None:
        charged = [f for f in self.case.fees if f["status"] not in ("WAIVED", "VOIDED")]
        outstanding = [f for f in charged if f["status"] in ("ASSESSED", "INVOICED")]
        self.totals.setText(self.tr("Total %1, outstanding %2")
                            .replace("%1", format_omr(sum(f["amount_baisa"] for f in charged)))
                            .replace("%2", format_omr(sum(f["amount_baisa"]
                                                          for f in outstanding))))
        self.preview_total.setText(self.tr("Preview total %1 (schedule %2)")
                                   .replace("%1", format_omr(total_baisa(self.case.fee_preview())))
                                   .replace("%2", self.case.schedule.version))
        self.notice.setVisible(self.case.schedule.illustrative)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Fees"))
        self.take_area.setText(self.tr("Take Gross Area from Measurement…"))
        self.invoice_fees.setText(self.tr("Invoice Assessed Fees"))
        for label, text in zip(self.labels, (self.tr("Fee items"), self.tr("Invoices"),
                                             self.tr("Offline preview from the fee schedule"))):
            label.setText(text)
        self.fees.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Description"),
                                             self.tr("Quantity"), self.tr("Amount"),
                                             self.tr("Status")])
        self.invoices.setHorizontalHeaderLabels([self.tr("Invoice"), self.tr("Total"),
                                                 self.tr("Status"), self.tr("Created")])
        self.preview.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Description"),
                                                self.tr("Amount")])
        self.notice.setText(self.tr("The fee schedule is illustrative, not the municipality's."))
        if self.case is not None:
            self.show_case(self.case)  # descriptions in the new language

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
