"""The assessor's step in the Fees panel and the intake checklist reaching the server
(pytest-qt, real clicks, the real permit server on loopback)."""
from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from tests.desktop.workflow.test_workflow_ui import (open_as, submitted_application,  # noqa: F401
                                                     tick_required_documents, window)
from tests.sync.client.live_fixtures import api_for, both_disciplines_approved


def test_the_assessor_invoices_the_assessed_fees_from_the_fees_panel(window, server, tmp_path,
                                                                      qtbot):
    app_id = both_disciplines_approved(server.url, tmp_path)
    open_as(window, server, "intake1", app_id)
    fees = window.workflow.fees
    fees.show()
    case = window.workflow.controller.case
    assert case.state == "PENDING_PAYMENT" and case.invoices == []
    assert {f["status"] for f in case.fees} == {"ASSESSED"}
    assert fees.invoice_fees.isVisible() and fees.invoice_fees.text() == "Invoice Assessed Fees"
    qtbot.mouseClick(fees.invoice_fees, Qt.MouseButton.LeftButton)
    case = window.workflow.controller.case
    assert [i["status"] for i in case.invoices] == ["OPEN"]
    assert {f["status"] for f in case.fees} == {"INVOICED"}
    assert not fees.invoice_fees.isVisible()  # nothing is left to invoice
    consultant = api_for(server.url, "consultant1")
    (invoice_id,) = {f["invoice_id"] for f in consultant.fees(app_id)}
    consultant.pay(invoice_id, key=uuid.uuid4().hex)
    assert consultant.application(app_id)["state"] == "PENDING_APPROVAL"


def test_only_an_assessor_is_offered_the_invoice(window, server, tmp_path):
    app_id = both_disciplines_approved(server.url, tmp_path)
    open_as(window, server, "consultant1", app_id)
    window.workflow.fees.show()
    assert not window.workflow.fees.invoice_fees.isVisible()


def test_the_intake_checklist_goes_to_the_server_with_the_acceptance(window, server, tmp_path,
                                                                     qtbot):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    tick_required_documents(window)
    checklist = window.workflow.checklists
    checklist.table.setCurrentCell(0, 0)
    qtbot.mouseClick(checklist.status_group.button(3), Qt.MouseButton.LeftButton)  # n/a
    qtbot.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    entry = next(h for h in api_for(server.url, "intake1").history(app_id)
                 if h["action"] == "accept")
    sent = entry["checklist"]
    assert len(sent) == checklist.table.rowCount() == 9
    assert [c["status"] for c in sent] == ["not_applicable"] + ["pass"] * 8
    assert all(c["item"] and c["text"] for c in sent)
    last = panel.history.rowCount() - 1
    assert panel.history.item(last, 2).text() == "Accepted at intake"
    assert "checklist: 8 of 9 passed" in panel.history.item(last, 4).text()
