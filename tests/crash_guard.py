"""The suite fails when any of its processes crashes, not only when an assertion fails.

Two kinds of process can crash without pytest noticing:
- a pytest-xdist worker that dies of a signal after its last test (a crash at interpreter exit,
  such as Qt destroying a Python object after Python is gone): xdist reads its results, never
  its exit status. Here the status is read once the workers are torn down.
- a child that a test started (the command line, a server): a test that checks its output may
  pass while the child segfaulted. Here a child killed by a crash signal fails its test.
Children started by the code under test (reader and render workers) are not watched: tests
of their supervision crash them on purpose.

tests/conftest.py imports these hooks and the fixture.
"""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

SUBPROCESS_MODULE = Path(subprocess.__file__).resolve()
CRASH_SIGNALS = frozenset({signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE,
                           signal.SIGILL})

_worker_gateways: list = []


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_newgateway(gateway) -> None:
    _worker_gateways.append(gateway)


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_sessionfinish(session):
    yield   # xdist tears its workers down (and waits for them) in its own sessionfinish
    crashed = False
    for gateway in _worker_gateways:
        popen = getattr(getattr(gateway, "_io", None), "popen", None)   # execnet's Popen
        status = popen.poll() if popen is not None else None
        if status is not None and -status in CRASH_SIGNALS:
            print(f"\nCRASH: worker {gateway.id} died of {signal_name(-status)}",
                  file=sys.stderr)
            crashed = True
        elif status is not None and status < 0:
            # xdist kills a worker that has not exited 10 s after its last test: slow, not
            # broken (a loaded machine, a worker process still stopping)
            print(f"\nnote: worker {gateway.id} was stopped by {signal_name(-status)} after"
                  f" its last test", file=sys.stderr)
    _worker_gateways.clear()
    if crashed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _started_by_a_test() -> bool:
    frame = sys._getframe(2)
    while frame is not None and Path(frame.f_code.co_filename).resolve() == SUBPROCESS_MODULE:
        frame = frame.f_back
    return frame is not None and _is_test_code(Path(frame.f_code.co_filename))


def _is_test_code(path: Path) -> bool:
    """A test module, a conftest or a helper of the tests (tests/...), wherever the suite is."""
    return path.name.startswith(("test_", "conftest")) or "tests" in path.parts


@pytest.fixture(autouse=True)
def children_do_not_crash():
    """Fails the test when a child it started was killed by a crash signal."""
    children: list[subprocess.Popen] = []
    original_init = subprocess.Popen.__init__

    def watched_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if _started_by_a_test():
            children.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", watched_init)
        yield
    crashed = [(child.args, -child.returncode) for child in children
               if child.returncode is not None and -child.returncode in CRASH_SIGNALS]
    if crashed:
        args, number = crashed[0]
        pytest.fail(f"a child process crashed ({signal_name(number)}): {args}", pytrace=False)
