"""Argument types shared by the commands."""
from __future__ import annotations

import os


def absolute_path(text: str) -> str:
    """A path as given, made absolute against the directory the command was started in: the
    readers and converters run in processes of their own, with another working directory."""
    return os.path.abspath(os.path.expanduser(text)) if text else text
