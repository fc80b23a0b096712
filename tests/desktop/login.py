"""Logging a desktop window in to the permit server through its login dialog."""
from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox


def log_in(sync_ui, server, user: str = "supervisor1", password: str = "demo"):
    """Fills and accepts the Server > Log In dialog of `sync_ui` (a window's `.sync`)."""
    dialog = sync_ui.menu.show_login()
    dialog.server.setText(server.url)
    dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog
