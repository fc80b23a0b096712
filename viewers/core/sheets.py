"""What every drawing source offers: sheets with sizes and units, and a load report.

A sheet is one PDF page or one DXF layout (model space or a paper-space layout).
Sheet units are the source's native units, the ones markups are stored in:
- PDF: points (1/72 in) from the displayed page's top-left corner, y down;
- DXF/DWG: drawing units ($INSUNITS), y up, as in the drawing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

MM_PER_POINT = 25.4 / 72.0


@dataclass(frozen=True)
class SheetInfo:
    index: int
    number: str           # A-101 from the title block, else the page label, else "1", "2"...
    title: str            # sheet title from the title block, or the layout name; may be ""
    label: str            # PDF page label or DXF layout name
    width: float          # extent in sheet units
    height: float
    units: str            # "pt" for PDF; DXF: "mm", "cm", "m", "in", "ft", "unitless"...
    mm_per_unit: float | None  # None when the drawing is unitless
    path_count: int | None = None  # vector paths (PDF) or entities (DXF); None when not counted
    origin: tuple[float, float] = (0.0, 0.0)  # sheet-unit coordinates of the extent's min corner

    @property
    def width_mm(self) -> float | None:
        return None if self.mm_per_unit is None else self.width * self.mm_per_unit

    @property
    def height_mm(self) -> float | None:
        return None if self.mm_per_unit is None else self.height * self.mm_per_unit


class WarningCode(StrEnum):
    """What a load warning says, for an interface that words it in its own language (with
    LoadWarning.params; a reader's own message stays in English)."""
    CUT_SHORT = "cut-short"                  # name
    AUDIT_CORRECTED = "audit-corrected"      # name, fixes, errors
    AUDIT_REPAIRED = "audit-repaired"        # name, fixes, errors
    AUDIT_RECOVERED = "audit-recovered"      # name
    AUDIT_FIXED = "audit-fixed"              # message
    AUDIT_UNFIXED = "audit-unfixed"          # message
    AUDIT_MORE = "audit-more"                # count
    EMPTY_MODEL = "empty-model"              # name
    CONVERTED_ODA = "converted-oda"          # name, version
    CONVERTED_EZDWG = "converted-ezdwg"      # name, version
    DWG_SKIPPED = "dwg-skipped"              # skipped, total, kinds
    FAR_AWAY = "far-away"                    # sheet, count, limit
    NOT_SUPPORTED = "not-supported"          # sheet, count, kind
    NOT_DRAWN = "not-drawn"                  # sheet, count, kind, error
    PDF_REPAIRED = "pdf-repaired"            # name
    MUPDF = "mupdf"                          # message
    NO_AREA = "no-area"                      # sheet, width, height
    MISNAMED = "misnamed"                    # extension, kind


class LoadWarning(str):
    """A load warning: its English text (as the command line prints it), with a code and
    parameters for an interface in another language."""

    code: WarningCode
    params: dict[str, str]

    def __new__(cls, text: str, code: WarningCode, **params) -> LoadWarning:
        warning = super().__new__(cls, text)
        warning.code = WarningCode(code)
        warning.params = {key: str(value) for key, value in params.items()}
        return warning

    def to_json(self) -> dict:
        return {"text": str(self), "code": self.code.value, "params": self.params}

    @classmethod
    def from_json(cls, value) -> str:
        """A warning as to_json wrote it (a plain text stays one)."""
        if isinstance(value, str):
            return value
        try:
            return cls(value["text"], WarningCode(value["code"]), **value["params"])
        except (KeyError, ValueError, TypeError):
            return str(value.get("text", ""))


@dataclass(frozen=True)
class LoadReport:
    """What loading found and fixed; shown to the user as a warning list, never dropped."""

    warnings: tuple[str, ...] = ()     # LoadWarning where the loader gave a code
    repaired: bool = False

    def with_warning(self, message: str) -> LoadReport:
        return LoadReport(self.warnings + (message,), self.repaired)


@runtime_checkable
class SheetDocument(Protocol):
    """An opened drawing file. Sheet metadata may be computed lazily (2000-page PDFs)."""

    path: Path
    kind: str              # "pdf", "dxf" or "dwg"
    report: LoadReport

    def sheet_count(self) -> int: ...

    def sheet(self, index: int) -> SheetInfo: ...

    def close(self) -> None: ...


@dataclass
class Progress:
    """Progress and cancellation for long loads: the loader calls `update`; the GUI cancels."""

    callback: object = None  # callable(done: float in 0..1, message: str) or None
    cancelled: bool = field(default=False)

    def update(self, fraction: float, message: str = "") -> None:
        from viewers.core.errors import RenderCancelled

        if self.cancelled:
            raise RenderCancelled("cancelled")
        if callable(self.callback):
            self.callback(max(0.0, min(1.0, fraction)), message)

    def cancel(self) -> None:
        self.cancelled = True
