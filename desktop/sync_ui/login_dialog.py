"""The login dialog: server URL, user name, password, remember me."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from desktop import settings
from desktop.sync_ui.controller import SyncController


class LoginDialog(QDialog):
    def __init__(self, controller: SyncController, parent=None):
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.controller = controller
        self.server = QLineEdit(settings.value("sync/server_url"), self)
        self.user = QLineEdit(settings.value("sync/user"), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self)
        self.remember.setChecked(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.log_in)
        self.buttons.rejected.connect(self.reject)
        self.labels = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.server, self.user, self.password)):
            form.addRow(label, field)
        form.addRow(self.remember)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        controller.logged_in.connect(self._on_logged_in)
        controller.failed.connect(self._on_failed)
        self.retranslate()
        (self.password if self.user.text() else self.user).setFocus()

    def log_in(self) -> None:
        if not self.server.text().strip() or not self.user.text().strip():
            self.message.setText(self.tr("Enter the server address and your user name."))
            return
        self.message.setText(self.tr("Logging in…"))
        self.buttons.setEnabled(False)
        self.controller.login(self.server.text().strip(), self.user.text().strip(),
                              self.password.text(), self.remember.isChecked())

    def _on_logged_in(self, username: str) -> None:
        if not self.isVisible():
            return
        settings.set_value("sync/server_url", self.server.text().strip())
        settings.set_value("sync/user", username)
        self.password.clear()
        self.buttons.setEnabled(True)
        self.accept()

    def _on_failed(self, message: str) -> None:
        if self.isVisible():
            self.message.setText(message)
            self.buttons.setEnabled(True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log in to the permit server"))
        texts = (self.tr("Server:"), self.tr("User name:"), self.tr("Password:"))
        for label, text in zip(self.labels, texts):
            label.setText(text)
        self.remember.setText(self.tr("Remember me on this computer"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
