"""Translated names of markup kinds and statuses, for menus, the list and undo texts.

Each text is written out in a translate() call of its own, so lupdate finds it.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.markups.tools import CALIBRATE, SELECT
from review.markups import MarkupKind, MarkupStatus

translate = QCoreApplication.translate


def kind_name(kind: str) -> str:
    names = {
        MarkupKind.CLOUD: translate("Markups", "Cloud"),
        MarkupKind.CALLOUT: translate("Markups", "Callout"),
        MarkupKind.TEXT: translate("Markups", "Text Box"),
        MarkupKind.ARROW: translate("Markups", "Arrow"),
        MarkupKind.LINE: translate("Markups", "Line"),
        MarkupKind.POLYLINE: translate("Markups", "Polyline"),
        MarkupKind.RECTANGLE: translate("Markups", "Rectangle"),
        MarkupKind.ELLIPSE: translate("Markups", "Ellipse"),
        MarkupKind.HIGHLIGHT: translate("Markups", "Highlight"),
        MarkupKind.FREEHAND: translate("Markups", "Freehand"),
        MarkupKind.STAMP: translate("Markups", "Stamp"),
        MarkupKind.LENGTH: translate("Markups", "Length"),
        MarkupKind.POLYLENGTH: translate("Markups", "Polylength"),
        MarkupKind.AREA: translate("Markups", "Area"),
        MarkupKind.COUNT: translate("Markups", "Count"),
        MarkupKind.ANGLE: translate("Markups", "Angle"),
        CALIBRATE: translate("Markups", "Calibrate Scale"),
        SELECT: translate("Markups", "Select"),
    }
    return names.get(kind, str(kind))


def status_name(status: str) -> str:
    names = {
        MarkupStatus.OPEN: translate("Markups", "Open"),
        MarkupStatus.ANSWERED: translate("Markups", "Answered"),
        MarkupStatus.RESOLVED: translate("Markups", "Resolved"),
        MarkupStatus.VOID: translate("Markups", "Void"),
    }
    return names.get(status, str(status))


def stamp_name(label: str) -> str:
    names = {
        "Reviewed": translate("Markups", "Reviewed"),
        "Revise and Resubmit": translate("Markups", "Revise and Resubmit"),
        "Not Approved": translate("Markups", "Not Approved"),
    }
    return names.get(label, label)
