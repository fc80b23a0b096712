"""Logging to a rotating file in the user's data folder (tracebacks go here, not to the user)."""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path


def data_dir() -> Path:
    """The per-user data folder (PLANREVIEW_DATA overrides it, as tests do)."""
    override = os.environ.get("PLANREVIEW_DATA")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "planreview"


def log_path() -> Path:
    return data_dir() / "planreview.log"


def configure_logging() -> None:
    root = logging.getLogger()
    if any(getattr(h, "_planreview", False) for h in root.handlers):
        return
    try:
        log_path().parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_path(), maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler._planreview = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
