"""Load warnings in the interface's language.

viewers.core gives each warning its English text (the command line's) with a code and
parameters (viewers.core.sheets.LoadWarning); here each code has its text written out in a
translate() call of its own, so lupdate finds it. In English the warning's own text is shown.
Names, versions and the readers' own messages (ezdxf's, MuPDF's) stay as they are, isolated
so they keep their own direction inside an Arabic sentence.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import current_language
from desktop.markups.names import isolated
from viewers.core.sheets import WarningCode

translate = QCoreApplication.translate

# The parameters of each code, in the order of their %1, %2... in its text.
_PARAMETERS = {
    WarningCode.CUT_SHORT: ("name",),
    WarningCode.AUDIT_CORRECTED: ("name", "fixes", "errors"),
    WarningCode.AUDIT_REPAIRED: ("name", "fixes", "errors"),
    WarningCode.AUDIT_RECOVERED: ("name",),
    WarningCode.AUDIT_FIXED: ("message",),
    WarningCode.AUDIT_UNFIXED: ("message",),
    WarningCode.AUDIT_MORE: ("count",),
    WarningCode.EMPTY_MODEL: ("name",),
    WarningCode.CONVERTED_ODA: ("name", "version"),
    WarningCode.CONVERTED_EZDWG: ("name", "version"),
    WarningCode.DWG_SKIPPED: ("skipped", "total", "kinds"),
    WarningCode.FAR_AWAY: ("sheet", "count", "limit"),
    WarningCode.NOT_SUPPORTED: ("sheet", "count", "kind"),
    WarningCode.NOT_DRAWN: ("sheet", "count", "kind", "error"),
    WarningCode.PDF_REPAIRED: ("name",),
    WarningCode.MUPDF: ("message",),
    WarningCode.NO_AREA: ("sheet", "width", "height"),
    WarningCode.MISNAMED: ("extension", "kind"),
}


def warning_text(warning: str) -> str:
    """The warning as the interface words it (a warning without a code: as it is)."""
    code = getattr(warning, "code", None)
    if code is None or current_language() == "en":
        return str(warning)
    texts = {
        WarningCode.CUT_SHORT: translate(
            "LoadWarnings", "%1 is cut short (it ends before its end-of-file marker); what it"
                            " contains up to the cut is shown"),
        WarningCode.AUDIT_CORRECTED: translate(
            "LoadWarnings", "%1 has inconsistencies that were corrected (fixes: %2, unfixed"
                            " errors: %3)"),
        WarningCode.AUDIT_REPAIRED: translate(
            "LoadWarnings", "%1 is damaged; it was repaired on loading and may be incomplete"
                            " (fixes: %2, unfixed errors: %3)"),
        WarningCode.AUDIT_RECOVERED: translate(
            "LoadWarnings", "%1 has structural errors; it was read in recovery mode and may be"
                            " incomplete"),
        WarningCode.AUDIT_FIXED: translate("LoadWarnings", "fixed: %1"),
        WarningCode.AUDIT_UNFIXED: translate("LoadWarnings", "not fixed: %1"),
        WarningCode.AUDIT_MORE: translate("LoadWarnings", "repair messages not listed: %1"),
        WarningCode.EMPTY_MODEL: translate(
            "LoadWarnings", "%1: model space is empty and no layout has content"),
        WarningCode.CONVERTED_ODA: translate(
            "LoadWarnings", "%1 (%2) was converted to DXF by the ODA File Converter"),
        WarningCode.CONVERTED_EZDWG: translate(
            "LoadWarnings", "%1 (%2) was converted to DXF by ezdwg; check details against the"
                            " consultant's PDF where they matter"),
        WarningCode.DWG_SKIPPED: translate(
            "LoadWarnings", "%1 of %2 DWG entities could not be converted and are not shown"
                            " (%3)"),
        WarningCode.FAR_AWAY: translate(
            "LoadWarnings", "%1: shapes lying absurdly far away (beyond %3 drawing units) are"
                            " not shown: %2"),
        WarningCode.NOT_SUPPORTED: translate(
            "LoadWarnings", "%1: %3 entities not drawn (not supported by the drawing engine):"
                            " %2"),
        WarningCode.NOT_DRAWN: translate(
            "LoadWarnings", "%1: %3 entities that could not be drawn: %2 (%4)"),
        WarningCode.PDF_REPAIRED: translate(
            "LoadWarnings", "%1 is damaged; MuPDF repaired it to show it. Check the drawing"
                            " against the consultant's original."),
        WarningCode.MUPDF: translate("LoadWarnings", "MuPDF: %1"),
        WarningCode.NO_AREA: translate("LoadWarnings", "sheet %1 has no area (%2 x %3 pt)"),
        WarningCode.MISNAMED: translate(
            "LoadWarnings", "the file is named .%1 but its content is %2; opened as %2"),
    }
    text = texts[code]
    for number, name in enumerate(_PARAMETERS[code], start=1):
        text = text.replace(f"%{number}", isolated(warning.params.get(name, "")))
    return text
