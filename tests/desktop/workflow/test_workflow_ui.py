"""The workflow views (pytest-qt, offscreen) against the real permit server on loopback."""
from __future__ import annotations

import uuid

import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow

from desktop import i18n, settings, sync_ui, tasks
from desktop.workflow import install_workflow
from desktop.workflow.casefile import offered_actions
from desktop.workflow.dialogs import (ConfirmDialog, DecisionDialog, ManageReviewsDialog,
                                      NoteDialog)
from review.fees import format_omr
from review.signing import development_identity
from review.store import LocalStore
from review.workflow import Decision, Role, State
from tests.desktop.login import log_in as sign_in
from tests.sync.client.live_fixtures import (api_for, application_in_review,  # noqa: F401
                                             both_disciplines_approved, memory_keyring)
from tests.sync.client.live_fixtures import submitted_application as submit


@pytest.fixture
def window(qtbot, tmp_path):
    tasks.set_synchronous(True)
    window = QMainWindow()
    window.open_file = lambda path: None
    qtbot.addWidget(window)
    store = LocalStore(tmp_path / "desktop.sqlite")
    window.sync = sync_ui.install(window, store)
    window.workflow = install_workflow(window)
    window.show()
    yield window
    window.sync.controller.timer.stop()
    store.close()
    tasks.set_synchronous(False)


def submitted_application(url, folder) -> str:
    """A submitted application of consultant1 with one PDF sheet, waiting for intake."""
    return submit(url, folder, floors=2, gross_area_m2="312.5")


def log_in(window, server, user):
    sign_in(window.sync, server, user)
    assert window.sync.controller.user["username"] == user


def open_as(window, server, user, app_id):
    log_in(window, server, user)
    window.workflow.open_application(app_id)
    return window.workflow.panel


def tick_required_documents(window) -> None:
    """The intake clerk finds every required document: accepting then asks nothing."""
    checklist = window.workflow.checklists
    for row in range(checklist.table.rowCount()):
        checklist.table.setCurrentCell(row, 0)
        checklist.status_group.button(1).click()


def test_no_role_is_offered_another_roles_action():
    for state in State:
        assert "approve" not in offered_actions(state, {"role": "engineer"})
        assert "issue" not in offered_actions(state, {"role": "engineer"})
        assert "accept" not in offered_actions(state, {"role": "consultant"})
        assert offered_actions(state, {"role": "system"}) == ()
    assert offered_actions(State.PENDING_APPROVAL, {"role": "supervisor"}) == (
        "approve", "reject", "send_back", "send_back_for_corrections")


def test_intake_clerk_accepts_and_the_server_opens_the_review(window, server, tmp_path):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    assert panel.isVisible()
    assert set(panel.buttons) == {"accept", "return", "assess_fees"}
    assert panel.state.property("state") == "SUBMITTED"
    assert panel.values["plot"].text() == "Muscat / Seeb / Mabela / 7 / " + \
        window.workflow.controller.case.application["plot"]["plot_no"]
    assert "CR-1000001" in panel.values["consultant_office"].text()
    assert panel.values["registration"].text() == "Valid"
    checklist = window.workflow.checklists
    assert checklist.isVisible() and checklist.discipline.currentData() == "intake"
    assert "0 missing or failed, 9 unchecked" in panel.intake_checklist.text()
    tick_required_documents(window)
    assert panel.intake_checklist.text() == "Required documents: complete"
    busy = []
    window.workflow.controller.busy_changed.connect(busy.append)
    panel.buttons["accept"].click()  # no question: the checklist is complete
    assert busy == [True, False] and all(b.isEnabled() for b in panel.buttons.values())
    assert api_for(server.url, "intake1").application(app_id)["state"] == "IN_REVIEW"
    assert panel.state.property("state") == "IN_REVIEW"
    assert "decide" not in panel.buttons and "accept" not in panel.buttons
    assert panel.history.item(panel.history.rowCount() - 1, 2).text() == "Accepted at intake"
    assert panel.history.item(panel.history.rowCount() - 1, 3).text() == \
        "Submitted → In review"
    assert panel.history.item(panel.history.rowCount() - 1, 1).text() == "intake1"


def test_accepting_with_documents_unchecked_asks_first(window, server, tmp_path, qtbot):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    checklist = window.workflow.checklists
    checklist.table.setCurrentCell(1, 0)
    checklist.status_group.button(2).click()  # the ownership deed is missing
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["accept"].click()
    question = opened.args[0]
    assert isinstance(question, ConfirmDialog)
    assert "1 missing or failed, 8 unchecked" in question.question.text()
    question.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert api_for(server.url, "intake1").application(app_id)["state"] == "SUBMITTED"
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["accept"].click()
    opened.args[0].buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert api_for(server.url, "intake1").application(app_id)["state"] == "IN_REVIEW"


def test_returning_needs_a_note_which_reaches_the_history(window, server, tmp_path, qtbot):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["return"].click()
    dialog = opened.args[0]
    assert isinstance(dialog, NoteDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.note.setPlainText("The site plan is missing.")
    ok.click()
    history = api_for(server.url, "intake1").history(app_id)
    assert history[-1]["to_state"] == "RETURNED"
    assert history[-1]["note"] == "The site plan is missing."
    assert panel.state.property("state") == "RETURNED" and set(panel.buttons) == {"assess_fees"}


def test_engineer_decides_once_and_cannot_approve_the_permit(window, server, tmp_path, qtbot):
    app_id = application_in_review(server.url, tmp_path)
    panel = open_as(window, server, "arch1", app_id)
    assert set(panel.buttons) == {"decide"}  # no approve, issue, accept or fees
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["decide"].click()
    dialog = opened.args[0]
    assert isinstance(dialog, DecisionDialog) and dialog.chosen_review()["discipline"] == "architectural"
    assert not dialog.discipline.isEnabled()  # an engineer decides for their discipline only
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.REVISION_REQUIRED.value))
    assert not ok.isEnabled() and not dialog.warning.isHidden()  # no open correction yet
    dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.APPROVED_WITH_COMMENTS.value))
    assert ok.isEnabled()
    assert dialog.checklist.text() == "Checklist: 0 items failed, 8 unchecked."
    dialog.summary.setPlainText("Setbacks as drawn.")
    dialog.conditions.set_condition(0, "", "المحافظة على الارتداد الخلفي 3 م")
    assert not ok.isEnabled()  # the server needs the English text
    dialog.conditions.set_condition(0, "Keep the 3 m rear setback.",
                                    "المحافظة على الارتداد الخلفي 3 م")
    assert ok.isEnabled() and dialog.conditions.rowCount() == 2  # room for the next one
    ok.click()
    api = api_for(server.url, "arch1")
    review = next(r for r in api.reviews(app_id, 1) if r["discipline"] == "architectural")
    assert review["decision"] == "APPROVED_WITH_COMMENTS"
    assert review["summary"] == "Setbacks as drawn."
    conditions = api.client.request("GET", f"/v1/applications/{app_id}/conditions").json()
    assert [(c["text_en"], c["text_ar"]) for c in conditions["items"]] == [
        ("Keep the 3 m rear setback.", "المحافظة على الارتداد الخلفي 3 م")]
    assert "decide" not in panel.buttons  # a submitted decision is final
    rows = {tuple(panel.decisions.item(r, c).text() for c in range(1, 6))
            for r in range(panel.decisions.rowCount())}
    assert ("Architectural", "Approved with comments", "arch1", "0",
            "Setbacks as drawn.") in rows
    assert panel.conditions.item(0, 3).text() == "المحافظة على الارتداد الخلفي 3 م"


def test_a_consultant_is_offered_no_decision(window, server, tmp_path):
    app_id = application_in_review(server.url, tmp_path)
    panel = open_as(window, server, "arch1", app_id)
    assert set(panel.buttons) == {"decide"}
    log_in(window, server, "consultant1")  # the panel follows the new user's role
    assert set(panel.buttons) == {"withdraw"}
    assert not window.workflow.menu.dashboard_action.isVisible()


def test_fee_panel_shows_the_assessment_in_omr_and_the_offline_preview(window, server,
                                                                        tmp_path, qtbot):
    app_id = submitted_application(server.url, tmp_path)
    open_as(window, server, "intake1", app_id)
    window.workflow.panel.buttons["assess_fees"].click()
    fees = window.workflow.fees
    case = window.workflow.controller.case
    assert case.fees, "the server assessed fees"
    server_amounts = {f["code"]: f["amount_baisa"] for f in case.fees}
    preview = {f.code: f.amount_baisa for f in case.fee_preview()}
    assert {code: preview[code] for code in server_amounts} == server_amounts
    shown = [fees.fees.item(r, 3).text() for r in range(fees.fees.rowCount())]
    assert shown == [format_omr(f["amount_baisa"]) for f in case.fees]
    assert all(text.endswith(" OMR") and text.split()[0][-4] == "." for text in shown)
    assert fees.preview.rowCount() == len(preview)
    try:
        i18n.set_language(QApplication.instance(), "ar")
        qtbot.waitUntil(lambda: fees.windowTitle() == "الرسوم")
        assert fees.fees.item(0, 1).text() == case.fees[0]["description_ar"]
    finally:
        i18n.set_language(QApplication.instance(), "en")


def test_supervisor_dashboard_draws_and_exports(window, server, tmp_path):
    application_in_review(server.url, tmp_path)
    app_id = submitted_application(server.url, tmp_path)
    open_as(window, server, "supervisor1", app_id)
    ui = window.workflow
    assert ui.menu.dashboard_action.isVisible()
    figures = ui.dashboard.figures
    assert figures.backlog_by_state["IN_REVIEW"] >= 1
    assert figures.backlog_by_state["SUBMITTED"] >= 1
    assert "SUBMITTED" in figures.average_days_by_stage
    titles = [axes.get_title() for axes in ui.dashboard.figure.axes]
    assert titles == ["Backlog by state", "Average days per stage", "Decisions by discipline",
                      "Overdue applications (days waiting)"]
    for name in ("dashboard.png", "dashboard.pdf"):
        ui.dashboard.export(tmp_path / name)
    assert (tmp_path / "dashboard.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "dashboard.pdf").read_bytes()[:5] == b"%PDF-"


def test_supervisor_sees_approval_actions_not_intake(window, server, tmp_path):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "supervisor1", app_id)
    assert "accept" not in panel.buttons and "approve" not in panel.buttons
    assert "assess_fees" in panel.buttons
    assert offered_actions(State.APPROVED, {"role": Role.SUPERVISOR.value}) == (
        "issue", "send_back_for_replacement")


def pending_approval(url, folder) -> str:
    """An application both engineers approved whose fees consultant1 has paid."""
    app_id = both_disciplines_approved(url, folder)
    api_for(url, "intake1").create_invoice(app_id)  # the assessor's step
    consultant = api_for(url, "consultant1")
    for invoice_id in {f["invoice_id"] for f in consultant.fees(app_id) if f["invoice_id"]}:
        consultant.pay(invoice_id, key=uuid.uuid4().hex)
    assert consultant.application(app_id)["state"] == "PENDING_APPROVAL"
    return app_id


def test_supervisor_approves_and_issues_the_permit(window, server, tmp_path):
    app_id = pending_approval(server.url, tmp_path)
    panel = open_as(window, server, "supervisor1", app_id)
    assert {"approve", "reject", "send_back", "send_back_for_corrections"} <= set(panel.buttons)
    panel.buttons["approve"].click()
    assert panel.state.property("state") == "APPROVED" and "issue" in panel.buttons
    panel.buttons["issue"].click()
    assert panel.state.property("state") == "ISSUED", panel.message.text()
    assert set(panel.buttons) == {"approved_set"}
    assert api_for(server.url, "consultant1").application(app_id)["state"] == "ISSUED"
    assert panel.history.item(panel.history.rowCount() - 1, 2).text() in (
        "Permit issued", "Approved set stamped and signed")


def test_the_issued_approved_set_opens_verified(window, server, tmp_path):
    app_id = pending_approval(server.url, tmp_path)
    api = api_for(server.url, "supervisor1")
    api.transition(app_id, "approve", "PENDING_APPROVAL")
    api.transition(app_id, "issue", "APPROVED")
    opened = []
    window.open_file = opened.append
    panel = open_as(window, server, "intake1", app_id)  # any staff member may check it
    panel.buttons["approved_set"].click()
    permit = api.permit_of(app_id)
    assert opened and opened[0].name == f"{permit['permit_no']}-approved-set.pdf"
    assert pymupdf.open(opened[0]).page_count >= 1
    text = panel.verification.text()
    assert panel.verification.isVisible() and "signature valid" in text, text
    assert permit["permit_no"] in text and "Demo Supervisor" in text
    stranger = development_identity(tmp_path / "another-authority").trust_root
    settings.set_value("signing/trust_root", str(stranger))  # a root that did not sign it
    panel.buttons["approved_set"].click()
    assert "is NOT valid" in panel.verification.text()
    assert "does not chain to the trusted root" in panel.verification.text()


def test_supervisor_sends_back_with_a_note(window, server, tmp_path, qtbot):
    app_id = pending_approval(server.url, tmp_path)
    panel = open_as(window, server, "supervisor1", app_id)
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["send_back"].click()
    dialog = opened.args[0]
    dialog.note.setPlainText("Check the parking layout again.")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    app = api_for(server.url, "supervisor1").application(app_id)
    assert app["state"] == "IN_REVIEW" and app["current_cycle"] == 2
    assert panel.history.item(panel.history.rowCount() - 1, 4).text() == \
        "Check the parking layout again."


def test_supervisor_chooses_the_discipline_and_revision_needs_a_correction(window, server,
                                                                           tmp_path, qtbot):
    app_id = application_in_review(server.url, tmp_path)
    api_for(server.url, "struct1").put_comment(app_id, str(uuid.uuid4()),
                                               {"body": "Beam B3 is undersized."})
    panel = open_as(window, server, "supervisor1", app_id)
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["decide"].click()
    dialog = opened.args[0]
    assert dialog.discipline.isEnabled()
    assert [dialog.discipline.itemText(i) for i in range(dialog.discipline.count())] == [
        "Architectural", "Structural"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.decision.setCurrentIndex(dialog.decision.findData(Decision.REVISION_REQUIRED.value))
    assert not ok.isEnabled()  # no architectural correction
    dialog.discipline.setCurrentIndex(1)
    assert ok.isEnabled()  # the structural engineer wrote one
    ok.click()
    reviews = api_for(server.url, "supervisor1").reviews(app_id, 1)
    assert {r["discipline"]: r["decision"] for r in reviews}["structural"] == "REVISION_REQUIRED"


def test_an_action_refused_by_the_server_is_explained_and_the_panel_catches_up(
        window, server, tmp_path):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    api_for(server.url, "intake1").transition(app_id, "accept", "SUBMITTED")  # another clerk
    tick_required_documents(window)
    panel.buttons["accept"].click()
    assert "the application is IN_REVIEW now" in panel.message.text()
    assert panel.state.property("state") == "IN_REVIEW" and "accept" not in panel.buttons


def test_double_clicking_the_review_queue_opens_the_application_panel(window, server, tmp_path,
                                                                      qtbot):
    app_id = submitted_application(server.url, tmp_path)
    open_as(window, server, "intake1", app_id)
    window.workflow.panel.hide()
    window.workflow.controller.case = None
    queue = window.sync.queue
    model = queue.model
    row = next(r for r in range(model.rowCount())
               if model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) == app_id)
    rect = queue.view.visualRect(model.index(row, 0))
    qtbot.mouseClick(queue.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(queue.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.workflow.panel.isVisible()
    assert window.workflow.controller.case.id == app_id
    assert set(window.workflow.panel.buttons) == {"accept", "return", "assess_fees"}


def test_the_main_window_has_the_workflow_menu_and_docks(qtbot, monkeypatch):
    from desktop.main_window import MainWindow

    monkeypatch.setenv("PLANREVIEW_NO_DIALOGS", "1")
    main = MainWindow()
    qtbot.addWidget(main)
    try:
        menus = [action.menu() for action in main.menuBar().actions()]
        assert main.workflow.menu in menus
        assert menus.index(main.workflow.menu) == len(menus) - 2  # before Help
        assert not main.workflow.menu.dashboard_action.isVisible()  # nobody logged in
        assert main.workflow.panel.parent() is main
    finally:
        main.sync.controller.timer.stop()
        main.service.shutdown()


def test_withdrawing_asks_why_and_cancelling_changes_nothing(window, server, tmp_path, qtbot):
    app_id = application_in_review(server.url, tmp_path)
    panel = open_as(window, server, "consultant1", app_id)
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["withdraw"].click()
    opened.args[0].buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert api_for(server.url, "consultant1").application(app_id)["state"] == "IN_REVIEW"
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["withdraw"].click()
    opened.args[0].note.setPlainText("The owner sold the plot.")
    opened.args[0].buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert api_for(server.url, "consultant1").application(app_id)["state"] == "WITHDRAWN"
    assert panel.state.property("state") == "WITHDRAWN" and not panel.buttons


def test_requests_run_off_the_gui_thread_and_answer_on_it(window, server, tmp_path, qtbot):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    tick_required_documents(window)
    tasks.set_synchronous(False)
    with qtbot.waitSignal(window.workflow.controller.case_loaded, timeout=30_000):
        panel.buttons["accept"].click()
        assert not panel.buttons["accept"].isEnabled()  # busy while the server works
    assert panel.state.property("state") == "IN_REVIEW"


def test_the_drawings_tab_lists_the_documents_and_opens_one(window, server, tmp_path):
    app_id = submitted_application(server.url, tmp_path)
    opened = []
    window.open_file = opened.append
    panel = open_as(window, server, "intake1", app_id)
    assert panel.documents.rowCount() == 1
    filename = panel.documents.item(0, 2).text()
    assert filename.startswith("A-") and filename.endswith(".pdf")
    panel.documents.selectRow(0)
    panel.open_button.click()
    assert len(opened) == 1 and opened[0].name.endswith(filename)
    assert pymupdf.open(opened[0]).page_count == 1


def test_the_panel_speaks_arabic(window, server, tmp_path, qtbot):
    app_id = submitted_application(server.url, tmp_path)
    panel = open_as(window, server, "intake1", app_id)
    i18n.set_language(QApplication.instance(), "ar")
    try:
        qtbot.waitUntil(lambda: panel.state.text().startswith("مقدم"))
        assert panel.values["use_class"].text() == "سكني"
        assert panel.values["gross_area_m2"].text() == "312.50 م²"
        assert panel.history.item(panel.history.rowCount() - 1, 2).text() == "تم التقديم"
        assert panel.tabs.tabText(0) == "التسجيل"
    finally:
        i18n.set_language(QApplication.instance(), "en")


def test_supervisor_reassigns_a_review_and_reopens_a_decision(window, server, tmp_path, qtbot):
    app_id = application_in_review(server.url, tmp_path)
    arch = api_for(server.url, "arch1")
    review = next(r for r in arch.reviews(app_id, 1) if r["discipline"] == "architectural")
    arch.decide(app_id, 1, review["id"], "APPROVED", "fine",
                version=arch.review(app_id, 1, review["id"]).version)
    panel = open_as(window, server, "supervisor1", app_id)
    assert "manage_reviews" in panel.buttons
    with qtbot.waitSignal(panel.dialog_opened) as opened:
        panel.buttons["manage_reviews"].click()
    dialog = opened.args[0]
    assert isinstance(dialog, ManageReviewsDialog)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == {"Architectural", "Structural"}
    structural = dialog.assignees[rows["Structural"]]
    assert [structural.itemData(i) for i in range(1, structural.count())] == [
        u["id"] for u in arch.users(role="engineer") if u["discipline"] == "structural"]
    assert not dialog.table.item(rows["Structural"], 3).flags()  # nothing decided to reopen
    dialog.reopen(rows["Architectural"])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    reopened = api_for(server.url, "supervisor1").review(app_id, 1, review["id"]).body
    assert reopened["decision"] is None
    assert panel.history.item(panel.history.rowCount() - 1, 2).text() == "Decision reopened"
    log_in(window, server, "arch1")
    window.workflow.open_application(app_id)
    assert "decide" in panel.buttons  # the engineer decides again
