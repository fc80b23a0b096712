"""`planreview info FILE`: a JSON description of a drawing."""
from __future__ import annotations

from desktop.commands.arguments import absolute_path

import json
import sys


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("info", help="print a JSON description of a drawing")
    parser.add_argument("file", type=absolute_path, help="PDF, DXF or DWG file")
    parser.add_argument("--password", help="password of an encrypted PDF")


def run(args) -> int:
    from viewers.core.formats import open_document

    document = open_document(args.file, password=args.password)
    try:
        json.dump(document.describe(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    finally:
        document.close()
    return 0
