"""Translated names of markup kinds and statuses, for menus, the list and undo texts; the
words of measured values and scales in the interface's language.

Each text is written out in a translate() call of its own, so lupdate finds it.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import current_language
from desktop.markups.tools import CALIBRATE, SELECT, VIEWPORT
from review.markups import MarkupKind, MarkupStatus, Measurement
from review.measure import (ENGLISH, MEASURE_WORDS, MeasureWords, Scale, format_length,
                            format_measurement, ratio_label)

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
        VIEWPORT: translate("Markups", "Define Viewport"),
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


def measure_words() -> MeasureWords:
    """The unit words of the interface's language: the same ones its letters and exports
    write (review.measure), so the canvas and a letter never disagree."""
    return MEASURE_WORDS.get(current_language(), ENGLISH)


def measured_text(measurement: Measurement) -> str:
    """A measured value as the interface shows it: '12.00 m² (perimeter 14.00 m)'."""
    return format_measurement(measurement, measure_words())


def scale_text(scale: Scale | None, mm_per_paper_unit: float | None) -> str:
    """A scale as a ratio to the paper ('1:50'), or what one unit stands for when the
    sheet's paper unit is unknown; the stored label may be in another language."""
    if scale is None:
        return translate("Measure", "no units: calibrate")
    if mm_per_paper_unit:
        return ratio_label(scale.mm_per_unit / mm_per_paper_unit)
    return translate("Measure", "1 unit = %1").replace(
        "%1", format_length(scale.mm_per_unit, measure_words()))
