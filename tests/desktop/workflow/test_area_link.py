"""Taking the gross area from an area measurement (pytest-qt, offscreen): the intake clerk opens
an application and its drawing in the main window, measures an area, takes the gross area from
it, and the real permit server on loopback keeps the area, the link and the audit entry."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.markups.tools import CALIBRATE
from desktop.workflow.area_dialog import AreaDialog
from review.fees import format_omr
from review.markups import MarkupKind
from tests.desktop.markups.conftest import open_drawing, plain_pdf, window  # noqa: F401
from tests.desktop.login import log_in
from tests.sync.client.live_fixtures import (api_for, application_in_review,  # noqa: F401
                                             memory_keyring)

# 300 x 250 pt on a sheet calibrated at 100 pt = 5 m: 15 m x 12.5 m
ROOM = [(100.0, 100.0), (400.0, 100.0), (400.0, 350.0), (100.0, 350.0)]


def open_application(window, server, user, app_id):  # noqa: F811
    log_in(window.sync, server, user)
    assert window.sync.controller.user["username"] == user
    window.workflow.open_application(app_id)
    return window.workflow.fees


def choose_measurement(qtbot, fees) -> AreaDialog:
    with qtbot.waitSignal(fees.dialog_opened) as opened:
        fees.take_area.click()
    return opened.args[0]


def test_intake_clerk_takes_the_gross_area_from_a_measured_area(qtbot, window, server,  # noqa: F811
                                                                 tmp_path):
    app_id = application_in_review(server.url, tmp_path)
    intake = api_for(server.url, "intake1")
    intake.assess_fees(app_id)  # assessed at the consultant's 200 m²
    fees = open_application(window, server, "intake1", app_id)
    assert fees.gross_area.text() == "Gross area 200.00 m² as stated by the consultant"
    assert not fees.take_area.isHidden() and fees.take_area.isEnabled()

    window.workflow.panel.open_document(0)  # downloaded through the sync client, then opened
    markups = window.markups.controller
    qtbot.waitUntil(lambda: markups.session is not None and window.canvas.layer is not None,
                    timeout=60000)
    session = markups.session
    markups.commit(0, CALIBRATE, [(100.0, 100.0), (200.0, 100.0)])  # the prompt answers 5 m
    markups.commit(0, MarkupKind.RECTANGLE, ROOM)  # not an area: not offered
    markups.commit(0, MarkupKind.AREA, ROOM)
    area = next(m for m in session.markups.ordered() if m.kind == MarkupKind.AREA)

    dialog = choose_measurement(qtbot, fees)
    assert dialog.table.rowCount() == 1
    sheet = window.drawing.info(0).number
    assert [dialog.table.item(0, c).text() for c in range(4)] == [sheet, "187.50", "",
                                                                  "intake1"]
    dialog.note.setText("gross floor area, ground floor")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    application = intake.application(app_id).body
    assert application["gross_area_m2"] == "187.50"
    source = application["gross_area_source"]
    document = intake.documents(app_id)[0]
    assert source["markup_id"] == str(area.id)
    assert (source["document_id"], source["document_sha256"]) == (
        document["id"], document["current"]["sha256"])
    assert (source["sheet"], source["sheet_label"], source["measured_m2"]) == (0, sheet,
                                                                              "187.500000")
    assert (source["set_by"], source["note"]) == ("intake1", "gross floor area, ground floor")
    history = intake.history(app_id)
    assert [h["action"] for h in history[-2:]] == ["gross_area", "assess_fees"]
    assert history[-2]["actor"] == "intake1" and str(area.id) in history[-2]["note"]

    # the panel shows the link, and the offline preview equals the server's new assessment
    assert fees.gross_area.text().startswith(
        f"Gross area 187.50 m² from an area measurement on sheet {sheet}, by intake1, 20")
    server_total = sum(f["amount_baisa"] for f in intake.fees(app_id))
    assert fees.preview_total.text().startswith(f"Preview total {format_omr(server_total)} ")
    assert window.workflow.controller.case.application["gross_area_m2"] == "187.50"
    assert window.workflow.panel.values["gross_area_m2"].text() == \
        f"187.50 m² (measured on sheet {sheet} by intake1)"


@pytest.mark.parametrize("with_drawing", [False, True])
def test_without_an_area_measurement_the_dialog_says_how_to_make_one(  # noqa: F811
        qtbot, window, server, tmp_path, with_drawing):  # noqa: F811
    app_id = application_in_review(server.url, tmp_path)
    fees = open_application(window, server, "supervisor1", app_id)
    if with_drawing:
        open_drawing(qtbot, window, plain_pdf(tmp_path / "local.pdf"))
    dialog = choose_measurement(qtbot, fees)
    assert dialog.table.isHidden() and dialog.buttons.button(
        QDialogButtonBox.StandardButton.Ok) is None
    expected = "The open drawing has no area" if with_drawing else "No drawing is open."
    assert dialog.prompt.text().startswith(expected)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert api_for(server.url, "intake1").application(app_id)["gross_area_m2"] == "200.00"


def test_only_fee_assessors_are_offered_it(window, server, tmp_path):  # noqa: F811
    app_id = application_in_review(server.url, tmp_path)
    fees = open_application(window, server, "arch1", app_id)
    assert fees.gross_area.text() == "Gross area 200.00 m² as stated by the consultant"
    assert fees.take_area.isHidden()


def test_a_change_by_someone_else_meanwhile_is_reported_and_shown(qtbot, window,  # noqa: F811
                                                                  server, tmp_path):
    app_id = application_in_review(server.url, tmp_path)
    fees = open_application(window, server, "intake1", app_id)
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "local.pdf"))
    markups = window.markups.controller
    markups.commit(0, CALIBRATE, [(100.0, 100.0), (200.0, 100.0)])
    markups.commit(0, MarkupKind.AREA, ROOM)
    dialog = choose_measurement(qtbot, fees)
    api_for(server.url, "consultant1").transition(app_id, "withdraw", "IN_REVIEW", "not needed")
    with qtbot.waitSignal(window.workflow.controller.failed) as failed:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "someone else changed this" in failed.args[0]
    assert window.workflow.controller.case.application["state"] == "WITHDRAWN"
    assert fees.take_area.isHidden()  # a final application's area is not taken any more
    assert session.markups.ordered()  # the measurement is still there
    assert api_for(server.url, "intake1").application(app_id)["gross_area_m2"] == "200.00"
