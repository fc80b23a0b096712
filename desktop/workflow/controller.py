"""The workflow views' link to the permit server: loads the opened application and sends the
actions, decisions and fee assessments, all on the "network" task pool.

Every change is followed by a fresh read of the application, so the views always show what the
server now holds (its state, the actions it allows, the history).
"""
from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop import settings, tasks
from desktop.sync_ui.controller import SyncController
from desktop.workflow.casefile import CaseFile, fetch_approved_set, load_case
from desktop.workflow.statistics import dashboard_figures
from review.workflow import Role, State
from sync.api import PermitApi

if TYPE_CHECKING:  # the dialog module imports the panel, which imports this one
    from desktop.workflow.area_dialog import AreaMeasurement

log = logging.getLogger(__name__)


class WorkflowController(QObject):
    case_loaded = Signal(object)        # CaseFile
    approved_set_ready = Signal(object)  # ApprovedSetCopy
    dashboard_loaded = Signal(object)   # DashboardFigures
    busy_changed = Signal(bool)
    failed = Signal(str)                # a message for the user

    def __init__(self, sync: SyncController, parent: QObject | None = None):
        super().__init__(parent)
        self.sync = sync
        self.case: CaseFile | None = None
        self._app_id: str | None = None
        self._running = 0  # requests under way; the views stay busy until the last ends

    @property
    def user(self) -> dict[str, Any]:
        return self.sync.user

    def _run(self, work, on_done, *, reload_after_failure: bool = False) -> None:
        """Runs `work(api)` off the GUI thread; failures become `failed` messages."""
        if self.sync.client is None:
            self.failed.emit(self.tr("Log in to the permit server first."))
            return
        api = PermitApi(self.sync.client)
        self._set_running(+1)

        def done(result) -> None:
            self._set_running(-1)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._set_running(-1)
            log.info("workflow request failed: %s", exc, exc_info=not isinstance(exc, Exception))
            self.failed.emit(str(exc))
            if reload_after_failure:
                self.refresh()  # show what the server holds after the refusal

        tasks.run_task("network", lambda: work(api), done, failed)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def _set_running(self, change: int) -> None:
        self._running += change
        if self._running == (1 if change > 0 else 0):
            self.busy_changed.emit(self._running > 0)

    def _loaded(self, case: CaseFile) -> None:
        if case.id == self._app_id:
            self.case = case
            self.case_loaded.emit(case)

    # ---- reading -------------------------------------------------------------------------

    def open(self, app_id: str) -> None:
        self._app_id = app_id
        self.refresh()

    def refresh(self) -> None:
        app_id = self._app_id
        if app_id is not None:
            load = self._case_loader()
            self._run(lambda api: load(api, app_id), self._loaded)

    def _case_loader(self):
        """Reads a case as this user's views need it (the supervisor, who assigns reviews,
        also gets the engineers)."""
        engineers = self.user.get("role") == Role.SUPERVISOR
        return lambda api, app_id: load_case(api, app_id, with_engineers=engineers)

    def _then_reload(self, app_id: str, change) -> None:
        load = self._case_loader()

        def work(api: PermitApi) -> CaseFile:
            change(api)
            return load(api, app_id)

        self._run(work, self._loaded, reload_after_failure=True)

    # ---- changing ------------------------------------------------------------------------

    def take(self, action: str, note: str = "",
             checklist: list[dict[str, Any]] | None = None) -> None:
        """Asks the server for a state-table action from the state the user saw (with the
        intake checklist's results for accept and return)."""
        case = self.case
        if case is not None:
            self._then_reload(case.id, lambda api: api.transition(
                case.id, action, case.state.value, note, checklist=checklist))

    def decide(self, review: dict[str, Any], decision: str, summary: str,
               conditions: list[tuple[str, str]]) -> None:
        """Sets the conditions of approval (English, Arabic), then the review's (final)
        decision."""
        case = self.case
        if case is None:
            return

        def change(api: PermitApi) -> None:
            for english, arabic in conditions:
                api.client.request("PUT", f"/v1/applications/{case.id}/conditions/{uuid.uuid4()}",
                                   json={"text_en": english, "text_ar": arabic,
                                         "discipline": review["discipline"]})
            current = api.review(case.id, review["cycle"], review["id"])
            api.decide(case.id, review["cycle"], review["id"], decision, summary,
                       version=current.version)

        self._then_reload(case.id, change)

    def manage_reviews(self, changes: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        """The supervisor's assignments and reopened decisions: (review, PATCH body) pairs."""
        case = self.case
        if case is None or not changes:
            return

        def change(api: PermitApi) -> None:
            for review, body in changes:
                current = api.review(case.id, review["cycle"], review["id"])
                api.assign_review(case.id, review["cycle"], review["id"], body,
                                  version=current.version)

        self._then_reload(case.id, change)

    def assess_fees(self) -> None:
        case = self.case
        if case is not None:
            self._then_reload(case.id, lambda api: api.assess_fees(case.id))

    def invoice_assessed_fees(self) -> None:
        """The assessor's step after reviewing the assessment: one invoice for it."""
        case = self.case
        if case is not None:
            self._then_reload(case.id, lambda api: api.create_invoice(case.id))

    def take_gross_area(self, measurement: AreaMeasurement, note: str = "") -> None:
        """Sets the gross area from an area markup, from the application version the user saw;
        the server keeps the link and re-assesses fees already assessed."""
        case = self.case
        if case is not None:
            self._then_reload(case.id, lambda api: api.take_gross_area(
                case.id, str(measurement.gross_area_m2), measurement.source(case.documents),
                note, version=case.application["version"]))

    def open_approved_set(self) -> None:
        """Downloads and verifies the issued permit's approved set."""
        case = self.case
        if case is None:
            return
        folder = self.sync.cache_dir / "approved-sets"
        configured = settings.value("signing/trust_root")
        trust_root = Path(configured) if configured else None
        self._run(lambda api: fetch_approved_set(api, case.id, folder, trust_root),
                  self.approved_set_ready.emit)

    # ---- the supervisor dashboard --------------------------------------------------------

    def load_dashboard(self) -> None:
        sla_days = int(settings.value("sync/sla_days"))

        def work(api: PermitApi):
            apps = [a for a in api.applications() if a["state"] != State.DRAFT]
            histories = [api.history(a["id"]) for a in apps]
            cycles = [api.cycles(a["id"]) for a in apps]
            return dashboard_figures(apps, histories, cycles, sla_days)

        self._run(work, self.dashboard_loaded.emit)
