"""The `planreview` command line: one entry point for people, scripts and tests.

Each subcommand lives in desktop/commands/<name>.py and exposes `add_parser(subparsers)`
and `run(args) -> int`. Modules are imported only when their command runs, so `planreview
info` never pays for Qt or the server, and a headless machine can run the Qt-free commands.

Errors reach the user as exit status 2 and one line `error: ...` on stderr; the traceback of
an unexpected failure goes to the log file, never to the terminal.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
import warnings
from collections.abc import Sequence

from desktop.errors import UsageError, user_message
from desktop.logsetup import configure_logging, log_path

# Order is the order of `planreview --help`.
COMMANDS = ("open", "demo", "info", "render", "annotate", "consultant", "server", "verify")

log = logging.getLogger("planreview")


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad flags in the project's one-line error form."""

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(message)


# pyhanko imports DSA, which cryptography 46+ marks deprecated at import: library noise,
# not something a reviewer or a server operator can act on.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planreview", description="Plan Review: building-permit e-plan review.")
    parser.add_argument("--lang", choices=("en", "ar"), default=None,
                        help="user-interface language (default: the saved setting)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = _command_module(name)
        module.add_parser(sub)
    return parser


def _command_module(name: str):
    return importlib.import_module(f"desktop.commands.{name}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    # `planreview FILE.pdf` and plain `planreview` open the desktop application.
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        argv = ["open", *argv]
    elif argv[0] == "--lang" and (len(argv) < 3 or argv[2] not in COMMANDS):
        argv = [*argv[:2], "open", *argv[2:]]
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            args = build_parser().parse_args([*argv, "open"])
        return int(_command_module(args.command).run(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 2
    except Exception as exc:  # the one place that turns any failure into one line
        message, expected = user_message(exc)
        if not expected:
            log.exception("unexpected failure in %s", argv)
            message = f"{message} (details in {log_path()})"
        print(f"error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
