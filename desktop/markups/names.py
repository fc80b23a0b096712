"""Translated names of markup kinds and statuses, for menus, the list and undo texts."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.markups.tools import CALIBRATE, SELECT
from review.markups import MarkupKind, MarkupStatus


def _tr(text: str) -> str:
    return QCoreApplication.translate("Markups", text)


def kind_name(kind: str) -> str:
    names = {
        MarkupKind.CLOUD: _tr("Cloud"), MarkupKind.CALLOUT: _tr("Callout"),
        MarkupKind.TEXT: _tr("Text Box"), MarkupKind.ARROW: _tr("Arrow"),
        MarkupKind.LINE: _tr("Line"), MarkupKind.POLYLINE: _tr("Polyline"),
        MarkupKind.RECTANGLE: _tr("Rectangle"), MarkupKind.ELLIPSE: _tr("Ellipse"),
        MarkupKind.HIGHLIGHT: _tr("Highlight"), MarkupKind.FREEHAND: _tr("Freehand"),
        MarkupKind.STAMP: _tr("Stamp"), MarkupKind.LENGTH: _tr("Length"),
        MarkupKind.POLYLENGTH: _tr("Polylength"), MarkupKind.AREA: _tr("Area"),
        MarkupKind.COUNT: _tr("Count"), MarkupKind.ANGLE: _tr("Angle"),
        CALIBRATE: _tr("Calibrate Scale"), SELECT: _tr("Select"),
    }
    return names.get(kind, str(kind))


def status_name(status: str) -> str:
    names = {MarkupStatus.OPEN: _tr("Open"), MarkupStatus.ANSWERED: _tr("Answered"),
             MarkupStatus.RESOLVED: _tr("Resolved"), MarkupStatus.VOID: _tr("Void")}
    return names.get(status, str(status))


def stamp_name(label: str) -> str:
    names = {"Reviewed": _tr("Reviewed"), "Revise and Resubmit": _tr("Revise and Resubmit"),
             "Not Approved": _tr("Not Approved")}
    return names.get(label, label)
