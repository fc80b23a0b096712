"""The viewers' load warnings and open errors in the interface's language.

viewers.core gives each its English text (the command line's) with a code and parameters
(viewers.core.sheets.LoadWarning, viewers.core.errors.ViewerError); here each code has its
text written out in a translate() call of its own, so lupdate finds it. In English the
viewer's own text is shown. Names, versions and the readers' own messages (ezdxf's, MuPDF's)
stay as they are, isolated so they keep their own direction inside an Arabic sentence.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import current_language, isolated
from viewers.core.errors import ErrorCode, ViewerError
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
    return _filled(texts[code], _PARAMETERS[code], warning.params)


_ERROR_PARAMETERS = {
    ErrorCode.FOLDER: ("name",),
    ErrorCode.EMPTY: ("name",),
    ErrorCode.NOT_A_DRAWING: ("name",),
    ErrorCode.IMPOSTOR: ("name", "what"),
    ErrorCode.NOT_A_FILE: ("name", "what"),
    ErrorCode.PDF_ONLY_BUILD: ("name", "kind"),
    ErrorCode.PDF_BEYOND_REPAIR: ("name", "error"),
    ErrorCode.PAGE_TREE: ("name", "error"),
    ErrorCode.NO_PAGE_RECOVERED: ("name",),
    ErrorCode.NO_PAGES: ("name",),
    ErrorCode.DXF_BEYOND_REPAIR: ("name", "error"),
    ErrorCode.NOT_DWG: ("name",),
    ErrorCode.DWG_VERSION_UNREADABLE: ("name", "version"),
    ErrorCode.ODA_FAILED: ("name", "version", "error"),
    ErrorCode.DWG_CONVERSION_FAILED: ("name", "version", "error"),
    ErrorCode.CONVERTER_TIMEOUT: ("name", "version", "seconds"),
    ErrorCode.NO_PROGRESS: ("name", "seconds"),
    ErrorCode.NEEDS_MEMORY: ("name",),
    ErrorCode.READER_FAILED: ("name", "error"),
    ErrorCode.READER_STOPPED: ("name", "what", "status"),
    ErrorCode.COMPILED_UNREADABLE: ("name", "error"),
}


def error_text(error: ViewerError) -> str:
    """Why a drawing did not open, as the interface words it (an error without a code: its
    own message)."""
    if error.code is None or current_language() == "en":
        return str(error)
    oda_hint = translate(
        "ViewerErrors", "install the free ODA File Converter (opendesign.com) and open the file"
                        " again, or ask the consultant for DWG 2000-2018 or DXF")
    texts = {
        ErrorCode.FOLDER: translate("ViewerErrors", "%1 is a folder, not a drawing file"),
        ErrorCode.EMPTY: translate("ViewerErrors", "%1 is empty (0 bytes)"),
        ErrorCode.NOT_A_DRAWING: translate(
            "ViewerErrors", "%1 is not a PDF, DXF or DWG drawing, nor a kind of file Plan Review"
                            " recognises"),
        ErrorCode.IMPOSTOR: translate("ViewerErrors", "%1 is not a PDF, DXF or DWG drawing: it"
                                                      " is %2"),
        ErrorCode.NOT_A_FILE: translate(
            "ViewerErrors", "%1 is %2, not a drawing file; only regular files are opened"),
        ErrorCode.PDF_ONLY_BUILD: translate(
            "ViewerErrors", "%1 is a %2 drawing; this build of Plan Review opens PDF sheets"
                            " only"),
        ErrorCode.PDF_BEYOND_REPAIR: translate(
            "ViewerErrors", "%1 is damaged beyond repair and cannot be opened as a PDF (%2)"),
        ErrorCode.PAGE_TREE: translate(
            "ViewerErrors", "%1 is damaged: its page tree cannot be read (%2)"),
        ErrorCode.NO_PAGE_RECOVERED: translate(
            "ViewerErrors", "%1 is damaged (truncated?) and no page could be recovered"),
        ErrorCode.NO_PAGES: translate("ViewerErrors", "%1 has no pages"),
        ErrorCode.DXF_BEYOND_REPAIR: translate(
            "ViewerErrors", "%1 is damaged beyond repair and cannot be opened as a DXF (%2)"),
        ErrorCode.NOT_DWG: translate(
            "ViewerErrors", "%1 is not a DWG drawing (it has no DWG version header); it may be"
                            " damaged or another kind of file"),
        ErrorCode.DWG_VERSION_UNREADABLE: translate(
            "ViewerErrors", "%1 is a %2 drawing, which the built-in converter does not read (it"
                            " reads DWG R13 to 2018); %3"),
        ErrorCode.ODA_FAILED: translate(
            "ViewerErrors", "the ODA File Converter could not read %1 (%2): %3"),
        ErrorCode.DWG_CONVERSION_FAILED: translate(
            "ViewerErrors", "%1 (%2) could not be converted: %3; %4"),
        ErrorCode.CONVERTER_TIMEOUT: translate(
            "ViewerErrors", "%1 (%2): the DWG converter did not finish within %3 s and was"
                            " stopped"),
        ErrorCode.NO_PROGRESS: translate(
            "ViewerErrors", "%1: reading made no progress for %2 s and was stopped"),
        ErrorCode.NEEDS_MEMORY: translate(
            "ViewerErrors", "%1 needs more memory to open than this computer allows Plan Review"
                            " to use"),
        ErrorCode.READER_FAILED: translate(
            "ViewerErrors", "%1 could not be opened: the reader failed (%2)"),
        ErrorCode.READER_STOPPED: translate(
            "ViewerErrors", "%1 (%2) could not be opened: the reader stopped unexpectedly (exit"
                            " status %3); the file may be damaged"),
        ErrorCode.COMPILED_UNREADABLE: translate(
            "ViewerErrors", "the compiled form of %1 is unreadable (%2); open the file again to"
                            " rebuild it"),
    }
    params = error.params
    if error.code in (ErrorCode.IMPOSTOR, ErrorCode.NOT_A_FILE):
        params = {**params, "what": file_kind_text(params.get("what", ""))}
    text = _filled(texts[error.code], _ERROR_PARAMETERS[error.code], params)
    # The hint is a sentence of the interface's language, not a value to isolate.
    return text.replace("%3" if error.code == ErrorCode.DWG_VERSION_UNREADABLE else "%4",
                        oda_hint)


def file_kind_text(kind: str) -> str:
    """What a file that is not a drawing is (a viewers.core.formats.FILE_KINDS key), in the
    interface's language; a phrase of the sentence, not a value to isolate."""
    texts = {
        "png": translate("FileKinds", "a PNG image"),
        "jpeg": translate("FileKinds", "a JPEG image"),
        "tiff": translate("FileKinds", "a TIFF image"),
        "gif": translate("FileKinds", "a GIF image"),
        "zip": translate("FileKinds", "a ZIP archive"),
        "docx": translate("FileKinds", "a Word document (DOCX)"),
        "xlsx": translate("FileKinds", "an Excel workbook (XLSX)"),
        "pptx": translate("FileKinds", "a PowerPoint presentation (PPTX)"),
        "postscript": translate("FileKinds", "a PostScript file"),
        "office": translate("FileKinds", "an old Microsoft Office document"),
        "html": translate("FileKinds", "a web page (HTML)"),
        "xml": translate("FileKinds", "an XML document"),
        "text": translate("FileKinds", "plain text"),
        "utf16-text": translate("FileKinds", "UTF-16 text"),
        "fifo": translate("FileKinds", "a named pipe (FIFO)"),
        "device": translate("FileKinds", "a device"),
        "socket": translate("FileKinds", "a socket"),
    }
    return texts.get(kind, kind)


def _filled(text: str, names: tuple[str, ...], params: dict[str, str]) -> str:
    for number, name in enumerate(names, start=1):
        text = text.replace(f"%{number}", isolated(params.get(name, "")))
    return text
