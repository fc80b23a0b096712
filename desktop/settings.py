"""Application settings in one INI file in the user's data folder (QSettings).

Every setting the application remembers is declared here once with its default.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.logsetup import data_dir

MAX_RECENT_FILES = 12
DEFAULTS = {
    "language": "en",
    "screen/px_per_mm": 0.0,        # 0: take the screen's reported density
    "render/tile_cache_mb": 512,
    "recent_files": [],
    "sync/server_url": "http://127.0.0.1:8765",
    "sync/user": "",
    "sync/sla_days": 10,            # review queue: overdue after this many days waiting
    "sync/reminder_days": 5,        # review queue: reminder after this many days waiting
    "signing/trust_root": "",       # approved sets: the authority's root (PEM); "": the server's
}


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def value(key: str):
    default = DEFAULTS.get(key)
    raw = settings().value(key, default)
    if isinstance(default, list):
        if raw in (None, ""):
            return []
        return [raw] if isinstance(raw, str) else list(raw)
    if isinstance(default, float):
        try:
            return float(raw)
        except (TypeError, ValueError):
            return default
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            return default
    return raw


def set_value(key: str, new_value) -> None:
    store = settings()
    store.setValue(key, new_value)
    store.sync()


def add_recent_file(path: str) -> list[str]:
    files = [p for p in value("recent_files") if p != path]
    files.insert(0, path)
    files = files[:MAX_RECENT_FILES]
    set_value("recent_files", files)
    return files
