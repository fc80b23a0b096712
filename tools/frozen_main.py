"""Entry point of the frozen build (pyinstaller.spec): the `planreview` command line, and
`planreview -m MODULE ARGS...` for the worker processes.

The application starts its workers as `sys.executable -m viewers.core.cad.worker` (and the
render pool, the PDF geometry reader, the demo's server). In the frozen program
sys.executable is this program, not a Python interpreter, so it answers `-m` as Python
would, for the application's own modules only: the frozen program is not a general
interpreter.
"""
from __future__ import annotations

import multiprocessing
import runpy
import sys

# modules that may run as `-m`: the application's own packages
OWN_PACKAGES = ("desktop", "viewers", "review", "sync")


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":
        module = sys.argv[2]
        if module.split(".")[0] not in OWN_PACKAGES:
            print(f"error: {module} is not a module of Plan Review", file=sys.stderr)
            return 2
        # as `python -m`: the module sees its own arguments only
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from desktop.cli import main as command_line

    return command_line()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
