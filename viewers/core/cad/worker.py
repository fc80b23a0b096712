"""The compile worker: a separate process that converts (DWG), reads and compiles a drawing
into a cache folder, reporting progress as JSON lines on stdout.

    python -m viewers.core.cad.worker SOURCE KIND DISPLAY_NAME OUTPUT_DIR

A separate process because a damaged file can crash or hang a converter, a cancelled load
must stop at once (the parent kills the process), and ezdxf's in-memory document of a large
drawing is many times the size of the compiled arrays the application keeps.
"""
from __future__ import annotations

import contextlib
import gc
import io
import json
import mmap
import os
import re
import resource
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

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
    from viewers.core.cad.dwg import convert_to_dxf, dwg_version
    from viewers.core.cad.dxf_scan import ScanUnsupported
    from viewers.core.cad.loader import (
        StreamingUnsupported,
        read_dxf,
        read_dxf_split,
        read_dxf_streamed,
    )
    from viewers.core.errors import ViewerError

    warnings: list[str] = []
    meta: dict = {"kind": kind}
    with tempfile.TemporaryDirectory(prefix="planreview-dwg-") as scratch:
        dxf_path = source
        if kind == "dwg":
            emit(phase="convert", progress=0.0, message="converting DWG to DXF")
            dxf_path = Path(scratch) / "converted.dxf"
            warnings += convert_to_dxf(source, dxf_path, display_name)
            meta["dwg_version"] = dwg_version(source)

        def report(fraction: float) -> None:
            emit(phase="read", progress=fraction * READ_SHARE, message="reading")

        emit(phase="read", progress=0.0, message="reading")
        try:
            doc, plain, read_warnings = read_dxf_split(dxf_path, report, display_name)
            compile_sheets(doc, None, display_name, output, meta, warnings + read_warnings,
                           repaired=False, plain=plain)
            return
        except (StreamingUnsupported, ScanUnsupported):
            pass   # read by ezdxf alone
        except (MemoryError, ViewerError):
            raise
        except Exception:   # noqa: BLE001 - the array reading must never cost a drawing
            traceback.print_exc()     # into the worker's log; ezdxf reads the file instead
        try:
            doc, model_space = read_dxf_streamed(dxf_path, report, display_name)
            compile_sheets(doc, model_space, display_name, output, meta, list(warnings),
                           repaired=False)
            return
        except StreamingUnsupported:
            pass   # read whole, as ezdxf reads any DXF, repairing what it can
        doc, read_warnings, repaired = read_dxf(dxf_path, report, display_name)
        compile_sheets(doc, None, display_name, output, meta, warnings + read_warnings,
                       repaired=repaired)


def compile_sheets(doc, model_space, display_name: str, output: Path, meta: dict,
                   warnings: list[str], *, repaired: bool, plain=None) -> None:
    """Compiles the sheets and writes document.json. `model_space`: the model-space entities
    streamed (loader.ModelSpaceStream) when the document was loaded without them. `plain`:
    the model space's plain geometry (native.PlainDrawing) when it was split out."""
    from viewers.core.cad.compiled import CompiledSheet
    from viewers.core.cad.compiler import compile_layout
    from viewers.core.sheets import LoadWarning, WarningCode

    plain_counts = plain.model_counts if plain is not None else Counter()

    def entity_count(layout) -> int:
        if not _is_model(layout):
            return len(layout)
        return len(model_space) if model_space is not None \
            else len(layout) + sum(plain_counts.values())

    insunits = int(doc.header.get("$INSUNITS", 0) or 0)
    model_units, model_mm = insunits_name(insunits)
    model = doc.modelspace()
    layouts = [model, *paper_sheets(doc)]
    if len(layouts) > 1 and entity_count(model) == 0:
        layouts = layouts[1:]
    elif entity_count(model) == 0:
        warnings.append(LoadWarning(
            f"{display_name}: model space is empty and no layout has content",
            WarningCode.EMPTY_MODEL, name=display_name))
    total = max(1, sum(entity_count(layout) for layout in layouts))
    done_before = 0
    sheets_meta = []
    sheet_warnings: list[str] = []
    for number, layout in enumerate(layouts):
        if _is_model(layout):
            units, mm_per_unit = model_units, model_mm
        else:
            units = PAPER_UNITS.get(layout.dxf_layout.dxf.get("plot_paper_units", 1), "mm")
            mm_per_unit = 25.4 if units == "in" else 1.0

        def on_entity(count: int, before=done_before, name=layout.name) -> None:
            emit(phase="compile", message=f"drawing {name}",
                 progress=READ_SHARE + (1 - READ_SHARE) * min(1.0, (before + count) / total))

        folder_name = f"sheet-{number}"
        sheet_warnings += compile_layout(
            doc, layout, output / folder_name, units=units, mm_per_unit=mm_per_unit,
            on_entity=on_entity,
            model_space=model_space.entities if model_space is not None else None,
            plain=plain)
        done_before += entity_count(layout)
        sheet = CompiledSheet.load(output / folder_name)
        sheets_meta.append({
            "folder": folder_name, "name": layout.name,
            "number": layout.name if SHEET_NUMBER.match(layout.name) else str(number + 1),
            "units": units, "mm_per_unit": mm_per_unit, "extents": list(sheet.extents),
            "entity_count": sheet.entity_count, "path_count": sheet.path_count,
            "viewports": ([] if _is_model(layout)
                          else layout_viewports(layout, model_mm, mm_per_unit))})
        del sheet
        if number + 1 < len(layouts):
            gc.collect()   # the next sheet's recording reuses this one's memory

    if model_space is not None:   # as the whole-document reader says them, before the sheets'
        warnings += model_space.warnings()
    warnings += sheet_warnings

    def type_counts(layout) -> dict:
        if model_space is not None and _is_model(layout):
            return dict(model_space.counts)
        counts = Counter(e.dxftype() for e in layout)
        if _is_model(layout):
            counts += plain_counts
        return dict(counts)

    meta.update({
        "dxf_version": doc.dxfversion, "insunits": insunits, "units": model_units,
        "sheets": sheets_meta,
        "layouts": [{"name": layout.name, "kind": "model" if _is_model(layout) else "paper",
                     "entity_counts": type_counts(layout)}
                    for layout in (doc.layouts.get(n) for n in doc.layouts.names_in_taborder())],
        "layers": [{"name": layer.dxf.name, "color": _layer_hex(layer),
                    "on": layer.is_on(), "frozen": layer.is_frozen(),
                    "lineweight_mm": _lineweight_mm(layer.dxf.get("lineweight", -3))}
                   for layer in doc.layers],
        "warnings": [warning.to_json() if isinstance(warning, LoadWarning) else warning
                     for warning in warnings],
        "repaired": repaired,
    })
    (output / "document.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _is_model(layout) -> bool:
    return layout.name.lower() == "model"


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

    from viewers.core.cad.document import MEMORY_LIMIT_ENV

    megabytes = int(os.environ.get(MEMORY_LIMIT_ENV, "0") or 0)
    limit = megabytes * 1024 * 1024 if megabytes > 0 else psutil.virtual_memory().total * 3 // 4
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> int:
    """With arguments, compiles that file. Without, is a spare: imports the readers, then
    waits for its file as a JSON list of the same four arguments on stdin (so opening a
    drawing does not wait for a process to start)."""
    limit_memory()
    # Address space given back on MemoryError so the report can be written (the limit is on
    # address space; an untouched mapping takes no memory).
    reserve = mmap.mmap(-1, 16 << 20)
    from viewers.core.errors import ErrorCode, ViewerError

    import viewers.core.cad.compiler  # noqa: F401  (imported first: ready_rss_mb is before reading)

    if not argv:
        try:
            warm_up()
        except Exception:  # noqa: BLE001 - only a head start: the spare works without it
            traceback.print_exc()
    # What is imported stays: the collector need not look at it again, and a compile makes
    # objects by the hundred thousand (ezdxf's entities), so it runs less often (3 % faster).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    ready_rss_mb = _peak_rss_mb()
    if not argv:
        emit(ready=True)
        job = sys.stdin.readline()
        if not job:
            return 0      # the application ended without needing this spare
        argv = json.loads(job)
    source, kind, display_name, output = argv
    try:
        compile_to(Path(source), kind, display_name, Path(output))
    except ViewerError as exc:
        emit(error=str(exc), code=exc.code, params=exc.params)
        return 1
    except BaseException as exc:
        reserve.close()
        if _caused_by_memory(exc):
            emit(error="memory")
        else:
            traceback.print_exc()
            error = f"{type(exc).__name__}: {str(exc)[:200]}"
            emit(error=f"{display_name} could not be opened: the reader failed ({error})",
                 code=ErrorCode.READER_FAILED, params={"name": display_name, "error": error})
        return 1
    # Peak memory as the process itself saw it (its parent's view includes being started).
    emit(done=True, ready_rss_mb=ready_rss_mb, peak_rss_mb=_peak_rss_mb())
    sys.stderr.flush()
    os._exit(0)   # nothing left to write: freeing a large heap would take CPU from the viewer


def warm_up() -> None:
    """Compiles a small drawing of the usual content (text in the default fonts, MTEXT with
    inline codes, a dimension, a block with an attribute, hatches), so that a spare's first
    real drawing finds the fonts loaded and their common glyphs read: 0.1-0.2 s of a first
    open otherwise."""
    import ezdxf

    doc = ezdxf.new("R2018", setup=True)
    model = doc.modelspace()
    characters = "".join(chr(code) for code in range(33, 127))
    model.add_line((0, 0), (1000, 0))
    model.add_lwpolyline([(0, 0), (10, 0), (10, 10)], format="xyb")
    model.add_circle((5, 5), 2)
    model.add_arc((5, 5), 3, 0, 90)
    model.add_text(characters, height=2.5)
    model.add_mtext(characters, dxfattribs={"char_height": 2.5})
    model.add_mtext("\\A1;{\\pqc;\\fArial|b0|i0|c0|p34;" + characters + "}",
                    dxfattribs={"char_height": 2.5})
    model.add_linear_dim(base=(0, 20), p1=(0, 0), p2=(100, 0)).render()
    hatch = model.add_hatch()
    hatch.paths.add_polyline_path([(0, 0), (10, 0), (10, 10)])
    hatch = model.add_hatch()
    hatch.set_pattern_fill("ANSI31", scale=0.5)
    hatch.paths.add_polyline_path([(0, 0), (10, 0), (10, 10)])
    block = doc.blocks.new("WARM_UP")
    block.add_line((0, 0), (1, 1))
    block.add_attdef("TAG", (0, 0), dxfattribs={"height": 1})
    model.add_blockref("WARM_UP", (0, 0)).add_auto_attribs({"TAG": characters})
    with tempfile.TemporaryDirectory(prefix="planreview-warm-up-") as scratch, \
            contextlib.redirect_stdout(io.StringIO()):     # its progress is nobody's
        source = Path(scratch) / "warm-up.dxf"
        doc.saveas(source)
        compile_to(source, "dxf", source.name, Path(scratch) / "compiled")


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started this program (Linux keeps in
    ru_maxrss the parent's size at fork; VmHWM starts afresh at exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1024), 1)


def _caused_by_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
