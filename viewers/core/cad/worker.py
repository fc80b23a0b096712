"""The compile worker: a separate process that converts (DWG), reads and compiles a drawing
into a cache folder, reporting progress as JSON lines on stdout.

    python -m viewers.core.cad.worker SOURCE KIND DISPLAY_NAME OUTPUT_DIR

A separate process because a damaged file can crash or hang a converter, a cancelled load
must stop at once (the parent kills the process), and ezdxf's in-memory document of a large
drawing is many times the size of the compiled arrays the application keeps.
"""
from __future__ import annotations

import json
import os
import re
import resource
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

MEMORY_LIMIT_ENV = "PLANREVIEW_CAD_MEMORY_MB"
READ_SHARE = 0.4          # of the progress bar; compiling the sheets is the rest
PAPER_UNITS = {0: "in", 1: "mm"}
SHEET_NUMBER = re.compile(r"^[A-Z]{1,4}[-_. ]?\d{1,4}(\.\d{1,3})?[A-Z]?$", re.IGNORECASE)


def emit(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def insunits_name(code: int) -> tuple[str, float | None]:
    """($INSUNITS code) -> (unit name, millimetres per unit or None when unitless)."""
    from ezdxf import units

    if not code:
        return "unitless", None
    try:
        return units.decode(code) or "unitless", units.conversion_factor(code, units.MM)
    except (KeyError, ValueError, TypeError):
        return "unitless", None


def paper_sheets(doc) -> list:
    """Paper-space layouts with something on them other than their own main viewport."""
    sheets = []
    for name in doc.layouts.names_in_taborder():
        if name.lower() == "model":
            continue
        layout = doc.layouts.get(name)
        entities = list(layout)
        if any(e.dxftype() != "VIEWPORT" for e in entities) or \
                sum(e.dxftype() == "VIEWPORT" for e in entities) > 1:
            sheets.append(layout)
    return sheets


def compile_to(source: Path, kind: str, display_name: str, output: Path) -> None:
    from viewers.core.cad.compiler import compile_layout
    from viewers.core.cad.dwg import convert_to_dxf, dwg_version
    from viewers.core.cad.loader import read_dxf

    warnings: list[str] = []
    meta: dict = {"kind": kind}
    with tempfile.TemporaryDirectory(prefix="planreview-dwg-") as scratch:
        dxf_path = source
        if kind == "dwg":
            emit(phase="convert", progress=0.0, message="converting DWG to DXF")
            dxf_path = Path(scratch) / "converted.dxf"
            warnings += convert_to_dxf(source, dxf_path, display_name)
            meta["dwg_version"] = dwg_version(source)
        emit(phase="read", progress=0.0, message="reading")
        doc, read_warnings, repaired = read_dxf(
            dxf_path, lambda f: emit(phase="read", progress=f * READ_SHARE, message="reading"),
            display_name)
    warnings += read_warnings
    insunits = int(doc.header.get("$INSUNITS", 0) or 0)
    model_units, model_mm = insunits_name(insunits)
    layouts = [doc.modelspace(), *paper_sheets(doc)]
    if len(layouts) > 1 and len(doc.modelspace()) == 0:
        layouts = layouts[1:]
    elif len(doc.modelspace()) == 0:
        warnings.append(f"{display_name}: model space is empty and no layout has content")
    total = max(1, sum(len(layout) for layout in layouts))
    done_before = 0
    sheets_meta = []
    for number, layout in enumerate(layouts):
        if layout.name.lower() == "model":
            units, mm_per_unit = model_units, model_mm
        else:
            units = PAPER_UNITS.get(layout.dxf_layout.dxf.get("plot_paper_units", 1), "mm")
            mm_per_unit = 25.4 if units == "in" else 1.0

        def on_entity(count: int, before=done_before, name=layout.name) -> None:
            emit(phase="compile", message=f"drawing {name}",
                 progress=READ_SHARE + (1 - READ_SHARE) * min(1.0, (before + count) / total))

        sheet, sheet_warnings = compile_layout(doc, layout, units=units,
                                               mm_per_unit=mm_per_unit, on_entity=on_entity)
        done_before += len(layout)
        warnings += sheet_warnings
        file_name = f"sheet-{number}.npz"
        sheet.save(output / file_name)
        sheets_meta.append({
            "file": file_name, "name": layout.name,
            "number": layout.name if SHEET_NUMBER.match(layout.name) else str(number + 1),
            "units": units, "mm_per_unit": mm_per_unit, "extents": list(sheet.extents),
            "entity_count": sheet.entity_count, "path_count": sheet.path_count,
            "viewports": (layout_viewports(layout, model_mm, mm_per_unit)
                          if layout.name.lower() != "model" else [])})
    meta.update({
        "dxf_version": doc.dxfversion, "insunits": insunits, "units": model_units,
        "sheets": sheets_meta,
        "layouts": [{"name": layout.name,
                     "kind": "model" if layout.name.lower() == "model" else "paper",
                     "entity_counts": dict(Counter(e.dxftype() for e in layout))}
                    for layout in (doc.layouts.get(n) for n in doc.layouts.names_in_taborder())],
        "layers": [{"name": layer.dxf.name, "color": _layer_hex(layer),
                    "on": layer.is_on(), "frozen": layer.is_frozen(),
                    "lineweight_mm": _lineweight_mm(layer.dxf.get("lineweight", -3))}
                   for layer in doc.layers],
        "warnings": warnings, "repaired": repaired,
    })
    (output / "document.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def layout_viewports(layout, model_mm: float | None, paper_mm: float | None) -> list[dict]:
    """The layout's viewports onto model space: where each is on the paper and the real size
    of one paper unit inside it, which measurements there use (none for unitless models)."""
    found = []
    for viewport in layout.query("VIEWPORT"):
        dxf = viewport.dxf
        if dxf.get("status", 1) <= 0 or dxf.get("id", 0) == 1:
            continue  # switched off, or the layout's own window onto the paper
        width, height = dxf.get("width", 0.0), dxf.get("height", 0.0)
        model_per_paper = dxf.get("view_height", 0.0) / height if height > 0 else 0.0
        if model_mm is None or not paper_mm or width <= 0 or model_per_paper <= 0:
            continue
        x, y = dxf.center.x, dxf.center.y
        found.append({"name": f"Viewport {len(found) + 1}",
                      "bbox": [x - width / 2, y - height / 2, x + width / 2, y + height / 2],
                      "mm_per_unit": model_per_paper * model_mm,
                      "ratio": model_per_paper * model_mm / paper_mm})
    return found


def _layer_hex(layer) -> str:
    from ezdxf import colors

    rgb = layer.rgb or colors.aci2rgb(abs(layer.color) or 7)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _lineweight_mm(value: int) -> float | None:
    return value / 100.0 if value >= 0 else None


def limit_memory() -> None:
    """Bounds the worker's address space (default: 3/4 of the machine's memory), so a huge
    drawing ends in a clear message instead of swapping the computer to a halt."""
    import psutil

    megabytes = int(os.environ.get(MEMORY_LIMIT_ENV, "0") or 0)
    limit = megabytes * 1024 * 1024 if megabytes > 0 else psutil.virtual_memory().total * 3 // 4
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> int:
    source, kind, display_name, output = argv
    limit_memory()
    reserve = bytearray(16 << 20)   # given back on MemoryError so the report can be written
    from viewers.core.errors import ViewerError

    try:
        compile_to(Path(source), kind, display_name, Path(output))
    except ViewerError as exc:
        emit(error=str(exc))
        return 1
    except BaseException as exc:
        del reserve
        if _caused_by_memory(exc):
            emit(error="memory")
        else:
            traceback.print_exc()
            emit(error=f"{display_name} could not be opened: the reader failed"
                       f" ({type(exc).__name__}: {str(exc)[:200]})")
        return 1
    emit(done=True)
    return 0


def _caused_by_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
