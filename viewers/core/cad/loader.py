"""Reading a DXF with ezdxf: the fast reader first, `ezdxf.recover` for damaged files.

A sound ASCII DXF R2000+ is read without its model space, whose entities are then read one
at a time as they are drawn (read_dxf_streamed). Recovery is never silent: what the auditor
fixed and what it could not fix become load warnings. Reading reports progress by the share
of the file consumed so far.
"""
from __future__ import annotations

import io
from array import array
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import ezdxf
import numpy as np
from ezdxf import recover
from ezdxf.audit import AuditError, Auditor
from ezdxf.entities import Attrib, factory, is_graphic_entity
from ezdxf.entities.subentity import entity_linker
from ezdxf.filemanagement import dxf_file_info
from ezdxf.lldxf.extendedtags import ExtendedTags
from ezdxf.lldxf.const import DXFError
from ezdxf.lldxf.validator import is_binary_dxf_file

import viewers.core.cad.ezdxf_memos  # noqa: F401  (installs them)
from viewers.core.errors import ErrorCode, UnreadableFileError
from viewers.core.sheets import LoadWarning, WarningCode

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
            f"{name} is damaged beyond repair and cannot be opened as a DXF ({exc})",
            ErrorCode.DXF_BEYOND_REPAIR, name=name, error=exc) from None
    warnings = audit_warnings(auditor, name)
    if truncated is not None:
        warnings.insert(0, LoadWarning(
            f"{name} is cut short (it ends before its end-of-file marker); what it contains"
            " up to the cut is shown", WarningCode.CUT_SHORT, name=name))
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
    fixes, errors = len(auditor.fixes), len(auditor.errors)
    counts = f"{fixes} fix(es), {errors} unfixed error(s)"
    if not damaged:
        headline = LoadWarning(f"{name} has inconsistencies that were corrected ({counts})",
                               WarningCode.AUDIT_CORRECTED, name=name, fixes=fixes,
                               errors=errors)
    elif auditor.has_errors or auditor.has_fixes:
        headline = LoadWarning(
            f"{name} is damaged; it was repaired on loading and may be incomplete ({counts})",
            WarningCode.AUDIT_REPAIRED, name=name, fixes=fixes, errors=errors)
    else:
        headline = LoadWarning(f"{name} has structural errors; it was read in recovery mode"
                               " and may be incomplete", WarningCode.AUDIT_RECOVERED, name=name)
    warnings = [headline]
    entries = [("unfixed", e) for e in auditor.errors]
    # A sound file's routine fixes (owner handles, dictionaries) are not worth listing; what
    # was removed from the drawing always is.
    entries += [("fixed", e) for e in auditor.fixes
                if damaged or e.message.startswith(("Removed", "Deleted"))]
    for status, entry in entries[:MAX_AUDIT_MESSAGES]:
        warnings.append(LoadWarning(
            f"{status}: {entry.message}",
            WarningCode.AUDIT_FIXED if status == "fixed" else WarningCode.AUDIT_UNFIXED,
            message=entry.message))
    if len(entries) > MAX_AUDIT_MESSAGES:
        more = len(entries) - MAX_AUDIT_MESSAGES
        warnings.append(LoadWarning(f"... and {more} more repair message(s)",
                                    WarningCode.AUDIT_MORE, count=more))
    return warnings


# ---- model space streamed ----------------------------------------------------------------------
# ezdxf keeps every entity of a loaded document alive, many times its size in the file. Model
# space usually holds almost all of a drawing, so for a sound ASCII DXF R2000+ the document is
# loaded without it and its entities are read one at a time while they are drawn.

STREAMED_FROM_VERSION = "AC1015"        # R2000: R12-R14 are upgraded on loading, not streamed
_FOLLOWERS = frozenset((b"VERTEX", b"SEQEND", b"ATTRIB"))


class StreamingUnsupported(Exception):
    """The file cannot be streamed as it is; it is read whole instead."""


def _entities_body(path: Path) -> tuple[int, int] | None:
    """Byte offsets of the ENTITIES section's first entity and of its ENDSEC tag; None when
    the file has no single, properly ended ENTITIES section."""
    found = None
    with path.open("rb") as f:
        offset, in_entities, start, expect_name = 0, False, 0, False
        while True:
            code = f.readline()
            value = f.readline()
            if not value:
                return None
            code_text, value_text = code.strip(), value.strip()
            if expect_name:
                expect_name = False
                if code_text == b"2" and value_text == b"ENTITIES":
                    if found is not None:
                        return None
                    in_entities, start = True, offset + len(code) + len(value)
            elif code_text == b"0":
                if value_text == b"SECTION":
                    expect_name = True
                elif value_text == b"ENDSEC" and in_entities:
                    found, in_entities = (start, offset), False
                elif value_text == b"EOF":
                    return found
            offset += len(code) + len(value)


def _entity_chunks(f, start: int, end: int):
    """(DXF type, in paper space, [tag lines of the entity, then of each follower]) for each
    entity between the byte offsets, followers (VERTEX, ATTRIB, SEQEND) with their parent."""
    f.seek(start)
    offset = start
    dxftype, paper, parts, current = None, False, [], None
    while offset < end:
        code = f.readline()
        value = f.readline()
        offset += len(code) + len(value)
        code_text = code.strip()
        if code_text == b"0":
            name = value.strip()
            if name in _FOLLOWERS and dxftype is not None:
                current = [code, value]
                parts.append(current)
                continue
            if dxftype is not None:
                yield dxftype, paper, parts
            dxftype, paper = name, False
            current = [code, value]
            parts = [current]
        elif current is not None:
            current += (code, value)
            if code_text == b"67" and len(parts) == 1 and value.strip() == b"1":
                paper = True
    if dxftype is not None:
        yield dxftype, paper, parts


class ModelSpaceStream:
    """The model-space entities of a DXF file, read from its ENTITIES section one at a time,
    bound to the document loaded without them and audited as ezdxf's reader audits them."""

    def __init__(self, path: Path, encoding: str, body: tuple[int, int], counts: Counter,
                 auditor, name: str):
        self.path, self.encoding, self.body = path, encoding, body
        self.counts = counts     # entities per DXF type
        self.auditor, self.name = auditor, name
        self.read_once = False

    def __len__(self) -> int:
        return sum(self.counts.values())

    def warnings(self) -> list[str]:
        """What auditing the document and the entities read so far corrected."""
        if self.auditor.has_errors or self.auditor.has_fixes:
            return audit_warnings(self.auditor, self.name, damaged=False)
        return []

    def entities(self):
        """Yields the entities in file order. Raises StreamingUnsupported on anything the
        whole-document reader would treat differently (it then reads the file instead)."""
        doc = self.auditor.doc
        # Each reading repairs its entities alike; the first one's repairs are reported.
        auditor = Auditor(doc) if self.read_once else self.auditor
        model_space = doc.modelspace().block_record_handle
        with self.path.open("rb") as f:
            for _, paper, parts in _entity_chunks(f, *self.body):
                if paper:
                    continue
                entities = self._loaded(parts, doc)
                main = entities[0]
                if not is_graphic_entity(main) or isinstance(main, Attrib):
                    raise StreamingUnsupported(f"{main} is not drawable on its own")
                owner = main.dxf.get("owner")
                if owner is None:
                    main.set_owner(model_space, paperspace=0)   # as the reader files it
                elif owner != model_space:
                    raise StreamingUnsupported(f"an entity owned by {owner} in ENTITIES")
                try:
                    # In the database while audited and drawn, as the reader leaves it.
                    for entity in entities:
                        doc.entitydb.add(entity)
                    main.audit(auditor)
                    auditor.empty_trashcan()
                    auditor.exec_post_audit_jobs()
                    if main.is_alive:
                        yield main
                finally:
                    for entity in entities:
                        doc.entitydb.discard(entity)
        self.read_once = True

    def _loaded(self, parts: list, doc) -> list:
        """The entity and its followers, linked, from their tag lines."""
        linked = entity_linker()
        entities = []
        try:
            for lines in parts:
                text = b"".join(lines).decode(self.encoding, "surrogateescape")
                entity = factory.load(ExtendedTags.from_text(text.replace("\r\n", "\n")), doc)
                entities.append(entity)
                linked(entity)
                command = entity.post_load_hook(doc)
                if command is not None:
                    command()
        except Exception as exc:   # whatever ezdxf's own reader would have repaired
            raise StreamingUnsupported(f"{type(exc).__name__}: {exc}") from None
        return entities


def _handle(lines: list[bytes]) -> int | None:
    """The entity's handle (group code 5, or 105 of a DIMSTYLE) from its tag lines."""
    for code, value in zip(lines[2::2], lines[3::2]):
        if code.strip() in (b"5", b"105"):
            try:
                return int(value.strip(), 16)
            except ValueError:
                return None
    return None


class _StrippedDocumentAuditor(Auditor):
    """Audits a document read without its model space: what those entities own (extension
    dictionaries and what they hold: reactors, associations) is not orphaned."""

    def __init__(self, doc, model_space_handles: np.ndarray):
        super().__init__(doc)
        owned = [handle for entity in doc.objects
                 if _in(model_space_handles, handle := _int_handle(entity.dxf.get("handle")))
                 or _in(model_space_handles, _int_handle(entity.dxf.get("owner")))]
        # ezdxf drops a dictionary whose owner is missing before it checks what it holds.
        self.owners = np.union1d(model_space_handles, np.array(owned, np.uint64))

    def check_owner_exist(self, entity) -> None:
        if not _in(self.owners, _int_handle(entity.dxf.get("owner"))):
            super().check_owner_exist(entity)

    def run(self):
        super().run()
        # Groups of model-space entities were read empty: dropping them is no repair.
        self.fixes = [fix for fix in self.fixes if fix.code != AuditError.REMOVE_EMPTY_GROUP]
        return self.errors


def _int_handle(handle) -> int | None:
    try:
        return int(handle, 16)
    except (TypeError, ValueError):
        return None


def _in(sorted_handles: np.ndarray, handle: int | None) -> bool:
    if handle is None:
        return False
    at = int(np.searchsorted(sorted_handles, np.uint64(handle)))
    return at < len(sorted_handles) and int(sorted_handles[at]) == handle


def _ascii_r2000_info(path: Path):
    """The file's DXF info (version, encoding) when it is an ASCII DXF R2000 or later;
    else StreamingUnsupported (R12-R14 are upgraded on loading, binary files read whole)."""
    if is_binary_dxf_file(str(path)):
        raise StreamingUnsupported("binary DXF")
    try:
        info = dxf_file_info(str(path))
    except (DXFError, ValueError, UnicodeError, OSError) as exc:
        raise StreamingUnsupported(str(exc)) from None
    if info.version < STREAMED_FROM_VERSION:
        raise StreamingUnsupported(f"DXF version {info.version}")
    return info


def read_dxf_streamed(path: Path, report: Callable[[float], None] = lambda fraction: None,
                      display_name: str | None = None):
    """Returns (document without its model-space entities, ModelSpaceStream); the stream's
    warnings() say what auditing corrected. Raises StreamingUnsupported for a file the
    whole-document reader must handle (binary, before R2000, damaged, or one that says in
    which order to draw its model space)."""
    info = _ascii_r2000_info(path)
    body = _entities_body(path)
    if body is None:
        raise StreamingUnsupported("no single, complete ENTITIES section")
    counts: Counter = Counter()
    handles = array("Q")    # of the model-space entities and their followers
    size = max(1, path.stat().st_size)
    with path.open("rb") as source, tempfile.TemporaryFile() as stripped:
        source_copy(source, stripped, 0, body[0])
        for index, (dxftype, paper, parts) in enumerate(_entity_chunks(source, *body)):
            if paper:
                stripped.writelines(line for lines in parts for line in lines)
                continue
            counts[dxftype.decode("ascii", "replace")] += 1
            for lines in parts:
                handle = _handle(lines)
                if handle is not None:
                    handles.append(handle)
            if index % 4096 == 0:
                report(0.5 * source.tell() / size)
        source_copy(source, stripped, body[1], size)
        stripped.seek(0)
        try:
            with io.TextIOWrapper(stripped, encoding=info.encoding,
                                  errors="surrogateescape") as text:
                document = ezdxf.read(text)
        except (DXFError, ValueError, KeyError, IndexError, UnicodeError, EOFError) as exc:
            raise StreamingUnsupported(f"{type(exc).__name__}: {exc}") from None
    report(0.9)
    if len(document.modelspace()) or any(True for _ in document.modelspace().get_redraw_order()):
        raise StreamingUnsupported("model space drawn in an order of its own")
    auditor = _StrippedDocumentAuditor(document, np.unique(np.frombuffer(handles, np.uint64)))
    del handles
    auditor.run()
    return document, ModelSpaceStream(path, info.encoding, body, counts, auditor,
                                      display_name or path.name)


def read_dxf_split(path: Path, report: Callable[[float], None] = lambda fraction: None,
                   display_name: str | None = None):
    """Returns (document without the plain geometry, PlainDrawing of that geometry, audit
    warnings). Raises StreamingUnsupported for a file the other readers must handle
    (binary, before R2000, paper-space sheets, damaged, or anything dxf_scan leaves alone)."""
    from viewers.core.cad.dxf_scan import ScanUnsupported, scan
    from viewers.core.cad.native import PlainDrawing

    info = _ascii_r2000_info(path)
    try:
        split = scan(path.read_bytes(), info.encoding)
        report(0.15)      # a large file scans for seconds: the bar moves on between
        plain = PlainDrawing(split)
    except ScanUnsupported as exc:
        raise StreamingUnsupported(str(exc)) from None
    stripped, handles = split.stripped, split.stripped_handles
    del split    # its tags, several times the file, before ezdxf reads the rest
    report(0.3)
    try:
        with io.TextIOWrapper(io.BytesIO(stripped), encoding=info.encoding,
                              errors="surrogateescape") as text:
            del stripped
            document = ezdxf.read(text)
    except (DXFError, ValueError, KeyError, IndexError, UnicodeError, EOFError) as exc:
        raise StreamingUnsupported(f"{type(exc).__name__}: {exc}") from None
    report(0.9)
    auditor = _StrippedDocumentAuditor(document, handles)
    auditor.run()
    warnings = []
    if auditor.has_errors or auditor.has_fixes:
        warnings = audit_warnings(auditor, display_name or path.name, damaged=False)
    return document, plain, warnings


def source_copy(source, target, start: int, end: int) -> None:
    source.seek(start)
    remaining = end - start
    while remaining > 0:
        block = source.read(min(remaining, 1 << 20))
        if not block:
            break
        target.write(block)
        remaining -= len(block)
