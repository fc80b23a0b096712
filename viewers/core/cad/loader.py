"""Reading a DXF with ezdxf: the fast reader first, `ezdxf.recover` for damaged files.

Recovery is never silent: what the auditor fixed and what it could not fix become load
warnings. Reading reports progress by the share of the file consumed so far.
"""
from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import ezdxf
from ezdxf import recover
from ezdxf.filemanagement import dxf_file_info
from ezdxf.lldxf.const import DXFError
from ezdxf.lldxf.validator import is_binary_dxf_file

from viewers.core.errors import UnreadableFileError

MAX_AUDIT_MESSAGES = 20


class _ReadProgress:
    """Reports how far the reader is into the file from another thread (the reader's file
    position is read with lseek on its descriptor; ezdxf offers no progress hook)."""

    def __init__(self, fd: int, size: int, report: Callable[[float], None]):
        self.fd, self.size, self.report = fd, max(size, 1), report
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.done.wait(0.1):
            try:
                position = os.lseek(self.fd, 0, os.SEEK_CUR)
            except OSError:
                return
            self.report(min(1.0, position / self.size))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()


def read_dxf(path: Path, report: Callable[[float], None] = lambda fraction: None,
             display_name: str | None = None):
    """Returns (ezdxf document, warnings, repaired). Raises UnreadableFileError."""
    name = display_name or path.name
    size = path.stat().st_size
    try:
        if is_binary_dxf_file(str(path)):
            return ezdxf.readfile(str(path)), [], False
        info = dxf_file_info(str(path))
        with path.open("rt", encoding=info.encoding, errors="surrogateescape") as stream, \
                _ReadProgress(stream.fileno(), size, report):
            document = ezdxf.read(stream)
        auditor = document.audit()
        if auditor.has_errors or auditor.has_fixes:
            return document, audit_warnings(auditor, name, damaged=False), False
        return document, [], False
    except (DXFError, ValueError, KeyError, IndexError, UnicodeError, EOFError):
        pass  # damaged: the recovering reader below says what it fixed
    truncated = _completed_if_truncated(path)
    try:
        with (truncated or path.open("rb")) as stream, \
                _ReadProgress(stream.fileno(), size, report):
            document, auditor = recover.read(stream)
    except (DXFError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            UnicodeError, EOFError) as exc:
        raise UnreadableFileError(
            f"{name} is damaged beyond repair and cannot be opened as a DXF ({exc})") from None
    warnings = audit_warnings(auditor, name)
    if truncated is not None:
        warnings.insert(0, f"{name} is cut short (it ends before its end-of-file marker);"
                           " what it contains up to the cut is shown")
    return document, warnings, True


def _completed_if_truncated(path: Path):
    """For an ASCII DXF cut short: a temporary file holding it up to its last complete entity,
    closed with ENDSEC and EOF (ezdxf's recover drops an unterminated section whole).
    None when the file ends properly."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 64))
        tail = f.read()
        f.seek(0)
        if tail.rstrip().endswith(b"EOF") or f.read(22) == b"AutoCAD Binary DXF\r\n\x1a":
            return None
    lines = path.read_bytes().splitlines()
    last_entity = len(lines) - len(lines) % 2
    for index in range(last_entity - 2, -1, -2):
        if lines[index].strip() == b"0":
            last_entity = index
            break
    completed = tempfile.TemporaryFile()
    completed.write(b"\n".join(lines[:last_entity]) + b"\n0\nENDSEC\n0\nEOF\n")
    completed.seek(0)
    return completed


def audit_warnings(auditor, name: str, *, damaged: bool = True) -> list[str]:
    counts = f"{len(auditor.fixes)} fix(es), {len(auditor.errors)} unfixed error(s)"
    if not damaged:
        headline = f"{name} has inconsistencies that were corrected ({counts})"
    elif auditor.has_errors or auditor.has_fixes:
        headline = f"{name} is damaged; it was repaired on loading and may be incomplete ({counts})"
    else:
        headline = (f"{name} has structural errors; it was read in recovery mode and may be"
                    " incomplete")
    warnings = [headline]
    entries = [("unfixed", e) for e in auditor.errors]
    # A sound file's routine fixes (owner handles, dictionaries) are not worth listing; what
    # was removed from the drawing always is.
    entries += [("fixed", e) for e in auditor.fixes
                if damaged or e.message.startswith(("Removed", "Deleted"))]
    for status, entry in entries[:MAX_AUDIT_MESSAGES]:
        warnings.append(f"{status}: {entry.message}")
    if len(entries) > MAX_AUDIT_MESSAGES:
        warnings.append(f"... and {len(entries) - MAX_AUDIT_MESSAGES} more repair message(s)")
    return warnings
