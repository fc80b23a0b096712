"""`planreview [open] FILE...`: the desktop application."""
from __future__ import annotations

from desktop.commands.arguments import absolute_path


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("open", help="the desktop application (default)")
    parser.add_argument("files", nargs="*", type=absolute_path, help="drawings to open")
    parser.add_argument("--screenshot", metavar="PNG", type=absolute_path,
                        help="render the window offscreen once the first sheet is drawn, "
                             "save it and exit")


def run(args) -> int:
    from desktop.app import run_window

    return run_window(args.files, args.lang, args.screenshot)
