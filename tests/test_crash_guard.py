"""A crashed process fails the test run: a pytest-xdist worker that dies during a test or
at its exit, and a child a test started that died of a crash signal (tests/crash_guard.py)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# the same wiring as tests/conftest.py
CONFTEST = "from tests.crash_guard import children_do_not_crash, pytest_sessionfinish," \
           " pytest_xdist_newgateway\n"
CASES = {
    "abort_in_test": """
        import os

        def test_aborts():
            os.abort()
    """,
    "crash_at_exit": """
        import atexit, os

        def test_passes_then_the_worker_crashes_at_exit():
            atexit.register(os.abort)
    """,
    "child_crashes": """
        import subprocess, sys

        def test_ignores_its_child():
            subprocess.run([sys.executable, "-c", "import os; os.abort()"])
    """,
}


def run_suite(folder: Path, case: str, *, guarded: bool = True) -> subprocess.CompletedProcess:
    (folder / f"test_{case}.py").write_text(textwrap.dedent(CASES[case]))
    (folder / "test_fine.py").write_text("def test_fine():\n    pass\n")
    if guarded:
        (folder / "conftest.py").write_text(CONFTEST)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider",
                           "-q", str(folder)], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_crashed_process_fails_the_run(tmp_path, case):
    result = run_suite(tmp_path, case)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SIGABRT" in result.stdout + result.stderr or "crashed" in result.stdout


def test_without_the_guard_a_crash_at_exit_goes_unnoticed(tmp_path):
    """Why the guard exists: pytest-xdist alone reports success."""
    result = run_suite(tmp_path, "crash_at_exit", guarded=False)
    assert result.returncode == 0, result.stdout + result.stderr
