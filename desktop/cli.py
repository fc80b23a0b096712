"""The `planreview` command line: one entry point for people, scripts and tests.

Each subcommand lives in desktop/commands/<name>.py and exposes `add_parser(subparsers)`
and `run(args) -> int`. Modules are imported only when their command runs, so `planreview
info` never pays for Qt or the server; the commands that neither show nor draw anything
(info, annotate, verify, consultant, server) never import Qt at all (an import-linter
contract), so they run where PySide6 is not installed.

Global options (--lang, --version) are accepted anywhere on the line. Paths are made
absolute as they are parsed (desktop.commands.arguments).

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

from desktop.commands.errors import UsageError, user_message
from desktop.logsetup import configure_logging, log_path

# Order is the order of `planreview --help`.
COMMANDS = ("open", "demo", "info", "render", "annotate", "consultant", "server", "verify")
LANGUAGES = ("en", "ar")
# distributions whose versions `--version` prints, with the name shown
VERSIONED = (("Qt (PySide6)", "PySide6-Essentials"), ("PyMuPDF", "PyMuPDF"),
             ("ezdxf", "ezdxf"), ("ezdwg", "ezdwg"))

log = logging.getLogger("planreview")


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad flags in the project's one-line error form, with the global
    options on every parser and subparser, so they can be given anywhere on the line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # SUPPRESS: a subcommand's parser leaves the value given before it alone
        self.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                          help="user-interface language (default: the saved setting)")
        self.add_argument("--version", action=_VersionAction,
                          help="print the versions of Plan Review and its drawing engines")

    def error(self, message: str):  # noqa: D401 - argparse API
        raise UsageError(message)


# pyhanko imports DSA, which cryptography 46+ marks deprecated at import: library noise,
# not something a reviewer or a server operator can act on.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")


def version_text() -> str:
    """Plan Review's version and its engines', read from the installed distributions' metadata
    (no engine is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(distribution: str) -> str:
        try:
            return version(distribution)
        except PackageNotFoundError:
            return "not installed"

    lines = [f"Plan Review {installed('planreview')}"]
    lines += [f"  {label:<13} {installed(distribution)}" for label, distribution in VERSIONED]
    lines.append(f"  {'Python':<13} {sys.version.split()[0]}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planreview", description="Plan Review: building-permit e-plan review.")
    parser.set_defaults(lang=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = _command_module(name)
        module.add_parser(sub)
    return parser


def _command_module(name: str):
    return importlib.import_module(f"desktop.commands.{name}")


def with_default_command(argv: list[str]) -> list[str]:
    """`planreview FILE.pdf` and plain `planreview` open the desktop application: `open` goes
    in where the first word that is not a global option is not a command."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--lang":
            position += 2
        elif word.startswith("--lang="):
            position += 1
        else:
            break
    rest = argv[position:]
    if rest and (rest[0] in COMMANDS or rest[0].startswith("-")):
        return argv
    return [*argv[:position], "open", *rest]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_logging()
    argv = with_default_command(argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:       # only options, such as `planreview --lang ar`
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
