"""Shared test fixtures: an isolated data folder, the optional corpus, headless Qt."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.crash_guard import (children_do_not_crash, pytest_sessionfinish,  # noqa: F401
                               pytest_xdist_newgateway)

# Qt tests run headless; nothing here needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PLANREVIEW_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own user data folder, settings and cache."""
    data = tmp_path / "planreview-data"
    monkeypatch.setenv("PLANREVIEW_DATA", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return data


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus; tests that use it skip cleanly on a clone without it."""
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


def corpus_files(kind: str) -> list[Path]:
    """Corpus files of one folder (pdf, dxf, dwg, bad) for parametrising; empty when absent."""
    folder = CORPUS / kind
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (make test installs it as root)")
    return path
