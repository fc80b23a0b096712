"""`planreview render FILE -o OUT.png`: one sheet (or a region of it) to PNG, headless.

PDF pages go through the same pixel grid and MuPDF calls as the canvas tiles; DXF and DWG
sheets through the same QPainter drawing code as the canvas.
"""
from __future__ import annotations

from pathlib import Path

from desktop.commands.arguments import absolute_path
from desktop.commands.errors import UsageError

DEFAULT_WIDTH = 2000
MAX_WIDTH = 30000


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("render", help="render a sheet to PNG (same engine as the canvas)")
    parser.add_argument("file", type=absolute_path, help="PDF, DXF or DWG file")
    parser.add_argument("-o", "--output", required=True, type=absolute_path, help="PNG file to write")
    parser.add_argument("--sheet", default="1",
                        help="sheet: a number counted from 1, a sheet number such as A-101, "
                             "or a layout name (default 1)")
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="image width in pixels")
    parser.add_argument("--region", help="x0,y0,x1,y1: PDF points from the page's top-left, "
                                         "or drawing units for DXF/DWG")
    parser.add_argument("--password", help="password of an encrypted PDF")


def parse_region(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"--region must be four numbers x0,y0,x1,y1, not {text!r}") from None
    if len(values) != 4:
        raise UsageError(f"--region must be four numbers x0,y0,x1,y1, not {text!r}")
    x0, y0, x1, y1 = values
    if x1 <= x0 or y1 <= y0:
        raise UsageError("--region must have x1 > x0 and y1 > y0")
    return values


def resolve_sheet(document, wanted: str) -> int:
    """A 1-based index, or a sheet number/label/layout name (case-insensitive)."""
    count = document.sheet_count()
    if wanted.isdigit():
        index = int(wanted) - 1
        if 0 <= index < count:
            return index
        raise UsageError(f"--sheet {wanted}: the file has {count} sheet(s)")
    for index in range(count):
        info = document.sheet(index)
        if wanted.casefold() in (info.number.casefold(), info.label.casefold(),
                                 info.title.casefold()):
            return index
    raise UsageError(f"--sheet {wanted}: no sheet has that number or name")


def run(args) -> int:
    from viewers.core.formats import open_document

    if not 1 <= args.width <= MAX_WIDTH:
        raise UsageError(f"--width must be between 1 and {MAX_WIDTH} pixels")
    region = parse_region(args.region)
    output = Path(args.output)
    document = open_document(args.file, password=args.password)
    try:
        index = resolve_sheet(document, args.sheet)
        if document.kind == "pdf":
            from viewers.core.pdf import render_png

            data = render_png(document, index, args.width, region)
            output.write_bytes(data)
        else:
            from viewers.qt.offscreen import ensure_gui_application

            ensure_gui_application()
            from viewers.qt.cad_layer import render_sheet_image

            image = render_sheet_image(document, index, args.width, region)
            if not image.save(str(output), "PNG"):
                raise UsageError(f"cannot write {output}")
    finally:
        document.close()
    return 0
