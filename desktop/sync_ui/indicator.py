"""The sync indicator in the status bar: online, offline, N pending, needs attention."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QToolButton

from desktop.sync_ui.controller import SyncStatus


class SyncIndicator(QToolButton):
    """Shows the sync state; clicking it opens the pending-operations panel."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self.state = SyncStatus(logged_in=False, online=False, pending=0, needs_attention=0)
        self.retranslate()

    def show_status(self, status: SyncStatus) -> None:
        self.state = status
        self.retranslate()

    @property
    def kind(self) -> str:
        """One word for the state (tests and style sheets use it)."""
        s = self.state
        if not s.logged_in:
            return "signed_out"
        if s.login_required:
            return "login_required"
        if s.needs_attention:
            return "needs_attention"
        return "online" if s.online else "offline"

    def retranslate(self) -> None:
        s = self.state
        pending = self.tr("%1 pending").replace("%1", str(s.pending)) if s.pending else ""
        texts = {
            "signed_out": self.tr("Not logged in"),
            "login_required": self.tr("Log in again"),
            "needs_attention": self.tr("Needs attention: %1").replace(
                "%1", str(s.needs_attention)),
            "online": self.tr("Online"),
            "offline": self.tr("Offline"),
        }
        self.setText(" · ".join(filter(None, [texts[self.kind], pending])))
        self.setProperty("syncState", self.kind)
        self.setToolTip(self.tr("Changes waiting to be sent to the permit server; click to"
                                " see them"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
