"""An ASCII DXF's tags as numpy arrays, and the plain geometry split out of it.

Most of a drawing is LINE, ARC, CIRCLE, LWPOLYLINE, HATCH and TEXT, in model space and in
the blocks inserted there. Reading them through ezdxf costs it an object per entity and its
frontend a dozen calls per entity; here they are read column-wise, all lines at once, and
drawn from arrays (native.py). What remains (MTEXT, dimensions, attributes, everything
unusual) is handed to ezdxf as a smaller DXF: the file with the plain entities cut out.

An entity is split out only where drawing it needs nothing ezdxf would resolve differently:
a continuous line type wherever it is drawn, no thickness or 3D extrusion, no tapering
widths, a known layer and text style; a block's entities only when every reference to the
block is a plain INSERT in model space or in another such block (never a dimension's, a
leader's arrow or a clipped insert). docs/dwg-support.md lists the rules.
"""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from ezdxf.lldxf.validator import is_valid_layer_name

PLAIN_TYPES = (b"LINE", b"ARC", b"CIRCLE", b"LWPOLYLINE", b"HATCH", b"TEXT", b"SOLID")
PLAIN_TEXT = re.compile(rb"[ -~]*[!-~][ -~]*")   # printable ASCII, not blank
TEXT_CODES = (b"%%", b"\\", b"^")                 # special characters and control codes
TEXTBOX_LOOP, POLYLINE_LOOP, EXTERNAL_LOOP, OUTERMOST_LOOP = 8, 2, 1, 16
NAME_WIDTH = 16                  # type names and section names are compared on this many bytes
MAX_VALUE_WIDTH = 48             # a number longer than this is not a number we parse
GATHER_CELLS = 1 << 18           # characters gathered into fixed-width arrays at a time
MAX_GATHER_BYTES = 64 << 20      # beyond this a text column is read value by value
SCAN_SLICE = 1 << 22             # bytes searched for line ends at a time
TAG_SLICE = 1 << 18              # tags parsed at a time
POINTER_CODES = set(range(340, 350)) | set(range(360, 370)) | {1005}
XREF_FLAGS = 4 | 8 | 32          # external reference, overlay, resolved xref


class ScanUnsupported(Exception):
    """The file is not one this reader splits; ezdxf reads it whole instead."""


class DxfTags:
    """Group codes (int32) and value byte ranges of an ASCII DXF held in memory."""

    def __init__(self, data: bytes):
        self.data = data
        buf = np.frombuffer(data, np.uint8)
        self.buf = buf
        # Line ends found a slice at a time: whole, the search's temporaries would be
        # several times the file.
        offset_type = np.int32 if len(buf) < 1 << 31 else np.int64
        ends = np.concatenate([np.flatnonzero(buf[at:at + SCAN_SLICE] == 10).astype(
            offset_type) + offset_type(at) for at in range(0, len(buf), SCAN_SLICE)] +
            [np.array([len(buf)] if len(buf) and buf[-1] != 10 else [], offset_type)])
        if len(ends) % 2:
            raise ScanUnsupported("an odd number of lines")
        # Code and value lines a slice of tags at a time, for the same reason.
        count = len(ends) // 2
        self.codes = np.empty(count, np.int16)       # DXF group codes end at 1071
        self.value_start = np.empty(count, offset_type)
        self.value_end = np.empty(count, offset_type)
        for first in range(0, count, TAG_SLICE):
            last = min(count, first + TAG_SLICE)
            line_ends = ends[2 * first:2 * last]
            line_starts = np.empty_like(line_ends)
            line_starts[0] = ends[2 * first - 1] + 1 if first else 0
            line_starts[1:] = line_ends[:-1] + 1
            line_ends = line_ends - ((line_ends > line_starts) &
                                     (buf[np.maximum(line_ends - 1, 0)] == 13))   # CR LF
            self.codes[first:last] = self._group_codes(line_starts[0::2], line_ends[0::2])
            self.value_start[first:last] = line_starts[1::2]
            self.value_end[first:last] = line_ends[1::2]
        is_zero = self.codes == 0
        self.zero_tags = np.flatnonzero(is_zero)
        # The byte offset of each object: where the line before its 0 tag ends.
        code_line = 2 * self.zero_tags
        self.object_start = np.where(code_line > 0, ends[np.maximum(code_line - 1, 0)] + 1, 0)
        del ends
        self.object_names = self._fixed(self.value_start[self.zero_tags],
                                        self.value_end[self.zero_tags], NAME_WIDTH, pad=0)
        self._with_code: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.hatch_cache: dict[int, HatchBoundary | None] = {}

    def _group_codes(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The code lines as integers, digit column by digit column (spaces around the
        digits allowed, as writers pad codes to three places)."""
        lengths = ends - starts
        if not len(starts) or lengths.max() > 8 or lengths.min() < 1:
            raise ScanUnsupported("a group code that is not a number")
        codes = np.zeros(len(starts), np.int32)
        digits = np.zeros(len(starts), np.int8)
        for column in range(int(lengths.max())):
            inside = column < lengths
            char = self.buf[np.where(inside, starts + column, 0)]
            digit = inside & (char >= 48) & (char <= 57)
            if (inside & ~digit & (char != 32)).any():
                raise ScanUnsupported("a group code that is not a number")
            codes = np.where(digit, codes * 10 + (char.astype(np.int32) - 48), codes)
            digits += digit
        if (digits == 0).any():
            raise ScanUnsupported("a group code that is not a number")
        return codes

    def __len__(self) -> int:
        return len(self.codes)

    def _fixed(self, starts: np.ndarray, ends: np.ndarray, width: int, pad: int = 32
               ) -> np.ndarray:
        """The byte ranges as a numpy bytes array of at most `width` (longer ones cut),
        gathered a slice at a time (a whole gather index would be 8 bytes per character)."""
        if not len(starts):
            return np.zeros(0, f"S{width}")
        width = max(1, min(width, int((ends - starts).max())))
        out = np.empty(len(starts), f"S{width}")
        index_type = np.int32 if len(self.buf) < 1 << 31 else np.int64
        columns = np.arange(width, dtype=index_type)
        last = len(self.buf) - 1
        rows = max(256, GATHER_CELLS // width)
        for first in range(0, len(starts), rows):
            part_starts = starts[first:first + rows].astype(index_type)
            lengths = ends[first:first + rows] - part_starts
            chars = self.buf[np.minimum(part_starts[:, None] + columns, last)]
            chars[columns >= lengths[:, None]] = pad
            out[first:first + len(chars)] = np.ascontiguousarray(chars).view(f"S{width}").ravel()
        return out

    def value(self, tag: int) -> bytes:
        return self.data[self.value_start[tag]:self.value_end[tag]]

    def floats(self, tags: np.ndarray) -> np.ndarray:
        starts, ends = self.value_start[tags], self.value_end[tags]
        if len(tags) and int((ends - starts).max()) > MAX_VALUE_WIDTH:
            raise ScanUnsupported("an overlong number")
        try:
            return self._fixed(starts, ends, MAX_VALUE_WIDTH).astype(np.float64)
        except ValueError:
            raise ScanUnsupported("a value that is not a number") from None

    def with_code(self, code: int) -> tuple[np.ndarray, np.ndarray]:
        """(indices of the tags with `code`, the object each belongs to)."""
        found = self._with_code.get(code)
        if found is None:
            tags = np.flatnonzero(self.codes == code).astype(np.int32)
            found = self._with_code[code] = (tags, self.objects_of(tags))
        return found

    def objects_of(self, tags: np.ndarray) -> np.ndarray:
        """The object each tag belongs to (entity, table entry...): the one whose 0 tag is
        the last before it. Looked up, not kept per tag: that would be 4 bytes a tag."""
        return (np.searchsorted(self.zero_tags, tags, side="right") - 1).astype(np.int32)

    def forget_codes(self) -> None:
        self._with_code.clear()

    def first_tag(self, objects: np.ndarray, code: int) -> np.ndarray:
        """For each object (sorted ids), the index of its first tag with `code`, or -1."""
        tags, owners = self.with_code(code)
        at = np.searchsorted(owners, objects)
        found = at < len(owners)
        found[found] = owners[at[found]] == objects[found]
        out = np.full(len(objects), -1, np.int64)
        out[found] = tags[at[found]]
        return out

    def first_float(self, objects: np.ndarray, code: int, default: float) -> np.ndarray:
        tags = self.first_tag(objects, code)
        out = np.full(len(objects), default, np.float64)
        present = tags >= 0
        out[present] = self.floats(tags[present])
        return out

    def first_text(self, objects: np.ndarray, code: int, default: bytes) -> list[bytes]:
        found = self.first_bytes(objects, code, default)
        if isinstance(found, list):
            return found
        return found.tolist()

    def first_bytes(self, objects: np.ndarray, code: int, default: bytes):
        """Like first_text, as a numpy bytes array (padding NULs fall away when its items
        are taken) where that fits in MAX_GATHER_BYTES, else as a list."""
        tags = self.first_tag(objects, code)
        present = tags >= 0
        starts, ends = self.value_start[tags[present]], self.value_end[tags[present]]
        width = int((ends - starts).max()) if len(starts) else 1
        if width * len(starts) > MAX_GATHER_BYTES:      # a few very long values
            return [self.value(t) if t >= 0 else default for t in tags.tolist()]
        out = np.full(len(tags), default, f"S{max(width, len(default), 1)}")
        out[present] = self._fixed(starts, ends, width, pad=0)
        return out

    def object_tags(self, obj: int) -> range:
        first = int(self.zero_tags[obj])
        last = int(self.zero_tags[obj + 1]) if obj + 1 < len(self.zero_tags) else len(self)
        return range(first, last)


@dataclass
class Container:
    """Plain entities of model space or of one block, and the inserts found there."""

    name: str                                   # "*Model_Space" or the block's name
    base: tuple[float, float] = (0.0, 0.0)      # the block's base point
    objects: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # all of it
    plain: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))   # object ids
    inserts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    insert_blocks: list[str] = field(default_factory=list)   # each insert's block (casefolded)
    insert_plain: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    cut_inserts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def top_level(self) -> np.ndarray:
        """The objects cut out of the file: plain geometry and inserts drawn from arrays."""
        return np.sort(np.concatenate((self.plain, self.cut_inserts)))


@dataclass
class PlainSplit:
    """What the scan found: the DXF to hand to ezdxf, and what it leaves out."""

    tags: DxfTags
    encoding: str
    model: Container
    blocks: dict[str, Container]                # casefolded name -> the block, when split
    stripped: bytes                             # the file without the plain entities
    stripped_handles: np.ndarray                # sorted uint64 handles of what was cut out
    model_counts: Counter                       # plain model-space entities per DXF type


def _objects_between(tags: DxfTags, first: int, last: int) -> np.ndarray:
    """Object ids whose 0 tags lie in [first, last) tag indices."""
    lo = np.searchsorted(tags.zero_tags, first)
    hi = np.searchsorted(tags.zero_tags, last)
    return np.arange(lo, hi)


def scan(data: bytes, encoding: str) -> PlainSplit:
    """Splits the plain geometry out of an ASCII DXF R2000+ held in `data`. Raises
    ScanUnsupported for anything it does not handle (the whole file then goes to ezdxf)."""
    tags = DxfTags(data)
    names = tags.object_names
    zero = tags.zero_tags
    if not len(zero) or names[-1] != b"EOF":
        raise ScanUnsupported("no end-of-file marker")
    sections: dict[bytes, tuple[int, int]] = {}
    for obj in np.flatnonzero(names == b"SECTION").tolist():
        tag = int(zero[obj]) + 1
        if tag >= len(tags) or tags.codes[tag] != 2:
            raise ScanUnsupported("a section without a name")
        section = tags.value(tag).strip()
        ends = np.flatnonzero(names[obj + 1:] == b"ENDSEC")
        if not len(ends) or section in sections:
            raise ScanUnsupported("sections that do not nest")
        sections[section] = (obj + 1, obj + 1 + int(ends[0]))
    if b"ENTITIES" not in sections or b"TABLES" not in sections:
        raise ScanUnsupported("no ENTITIES or TABLES section")

    tables = _Tables(tags, *sections[b"TABLES"])
    entity_objects = np.arange(*sections[b"ENTITIES"])
    block_ranges = _block_ranges(tags, *sections.get(b"BLOCKS", (0, 0)))

    # Entities in paper space are drawn through ezdxf with their layouts; so are files that
    # have paper-space sheets at all (their viewports show model space, plain parts included).
    paper = tags.first_float(entity_objects, 67, 0.0) == 1.0
    layouts = [entity_objects[paper]] + [objects for key, (_, objects) in block_ranges.items()
                                         if key.startswith("*paper_space")]
    for objects in layouts:   # a sheet: anything but the layout's own viewport
        if (names[objects] != b"VIEWPORT").any() or (names[objects] == b"VIEWPORT").sum() > 1:
            raise ScanUnsupported("paper-space sheets")

    model_objects = entity_objects[~paper]
    splittable = _splittable_blocks(tags, tables, model_objects, block_ranges, encoding)
    all_continuous = tables.all_continuous(tags)

    # Everything below is computed for all containers at once (per-call costs add up over
    # the hundreds of blocks a converted DWG has), then handed out by object ranges.
    keys = sorted(splittable, key=lambda key: block_ranges[key][0])
    block_objects = [block_ranges[key][1] for key in keys]
    candidates = np.concatenate([model_objects, *block_objects])
    in_block = np.concatenate([np.zeros(len(model_objects), bool),
                               np.ones(len(candidates) - len(model_objects), bool)])
    order = np.argsort(candidates, kind="stable")
    candidates, in_block = candidates[order], in_block[order]
    plain = _plain(tags, tables, candidates, in_block, all_continuous, encoding)
    inserts = candidates[names[candidates] == b"INSERT"]
    headers = np.array([block_ranges[key][0] for key in keys], np.int64)
    bases = np.stack((tags.first_float(headers, 10, 0.0), tags.first_float(headers, 20, 0.0)),
                     axis=1).tolist()

    def within(found: np.ndarray, objects: np.ndarray) -> np.ndarray:
        if not len(objects):
            return found[:0]
        return found[np.searchsorted(found, objects[0]):
                     np.searchsorted(found, objects[-1], side="right")]

    model = Container("*Model_Space", objects=model_objects, plain=within(plain, model_objects),
                      inserts=within(inserts, model_objects))
    blocks = {key: Container(key, tuple(base), objects, within(plain, objects),
                             within(inserts, objects))
              for key, base, objects in zip(keys, bases, block_objects)}

    _cut_plain_inserts(tags, inserts, [model, *blocks.values()], blocks, encoding)
    # Such blocks that no drawing reaches (defined, never inserted) are cut out whole, their
    # definition and block record too: neither ezdxf nor the arrays need them, and a
    # converted DWG often has hundreds.
    reached, todo = set(), list(model.insert_blocks)
    while todo:
        key = todo.pop()
        if key in blocks and key not in reached:
            reached.add(key)
            todo += blocks[key].insert_blocks
    record_of = {_name_key(raw, encoding): record
                 for raw, record in tables.block_records.items()}
    unused = []
    for key in [key for key in blocks if key not in reached]:
        header = block_ranges[key][0]
        unused.append(np.arange(header, header + len(blocks.pop(key).objects) + 2))  # ENDBLK
        if key in record_of:
            unused.append(np.array([record_of[key]]))
    cut = np.concatenate([model.plain, model.cut_inserts, *unused,
                          *(part for block in blocks.values()
                            for part in (block.plain, block.cut_inserts))])
    cut.sort()
    kinds, counts = np.unique(names[model.top_level], return_counts=True)
    split = PlainSplit(tags, encoding, model, blocks, _without(tags, cut), _handles(tags, cut),
                       Counter(dict(zip((kind.decode("ascii") for kind in kinds.tolist()),
                                        counts.tolist()))))
    tags.forget_codes()    # what the scan looked up; the geometry looks up its own
    return split


def _cut_plain_inserts(tags: DxfTags, inserts: np.ndarray, containers: list[Container],
                       blocks: dict[str, Container], encoding: str) -> None:
    """Marks the inserts ezdxf need not see: plain, without attributes, of a block drawn
    wholly from arrays (nothing in it but plain geometry and such inserts). `inserts`:
    those of all the containers, sorted."""
    plain = _plain_inserts(tags, inserts) & (tags.first_float(inserts, 66, 0.0) == 0.0)
    names = [_name_key(raw, encoding) for raw in tags.first_text(inserts, 2, b"")]
    for container in containers:
        at = np.searchsorted(inserts, container.inserts)
        container.insert_plain = plain[at]
        container.insert_blocks = [names[i] for i in at.tolist()]
    whole = set(blocks)
    changed = True
    while changed:
        changed = False
        for key in list(whole):
            block = blocks[key]
            inserts_ok = all(plain and child in whole for plain, child in
                             zip(block.insert_plain.tolist(), block.insert_blocks))
            others = len(block.objects) - len(block.plain) - len(block.inserts)
            if not inserts_ok or others:
                whole.discard(key)
                changed = True
    for container in containers:
        cut = [plain and child in whole for plain, child in
               zip(container.insert_plain.tolist(), container.insert_blocks)]
        container.cut_inserts = container.inserts[np.array(cut, bool)] if cut else \
            container.inserts[:0]


class _Tables:
    """Layers, line types and block records, as the scan needs them."""

    def __init__(self, tags: DxfTags, first: int, last: int):
        objects = _objects_between(tags, int(tags.zero_tags[first]), int(tags.zero_tags[last]))
        names = tags.object_names[objects]
        self.layers: dict[bytes, bytes] = {}         # casefolded name -> its line type
        layer_objects = objects[names == b"LAYER"]
        for name, linetype in zip(tags.first_text(layer_objects, 2, b""),
                                  tags.first_text(layer_objects, 6, b"CONTINUOUS")):
            self.layers[name.lower()] = linetype.lower()
        self._plain_layers: dict[bytes, bool] = {}
        self.continuous: dict[bytes, bool] = {}    # casefolded line type name -> continuous
        linetype_objects = objects[names == b"LTYPE"]
        for name, elements, length in zip(
                tags.first_text(linetype_objects, 2, b""),
                tags.first_float(linetype_objects, 73, 0.0).tolist(),
                tags.first_float(linetype_objects, 40, 0.0).tolist()):
            self.continuous[name.lower()] = elements == 0 or length == 0
        self.text_styles = {name.lower() for name in
                            tags.first_text(objects[names == b"STYLE"], 2, b"")}
        records = objects[names == b"BLOCK_RECORD"]
        self.block_record_handles: dict[bytes, bytes] = {}   # handle (upper) -> casefolded name
        self.block_records: dict[bytes, int] = {}           # raw name -> its object
        for record, handle, name in zip(records.tolist(), tags.first_text(records, 5, b""),
                                        tags.first_text(records, 2, b"")):
            self.block_record_handles[handle.upper()] = name.lower()
            self.block_records[name] = record

    def plain_layer(self, key: bytes, encoding: str) -> bool:
        """A layer that exists, under a valid name that needs no decoding."""
        plain = self._plain_layers.get(key)
        if plain is None:
            plain = self._plain_layers[key] = key in self.layers and b"\\u+" not in key and \
                is_valid_layer_name(key.decode(encoding, "surrogateescape"))
        return plain

    def linetype_continuous(self, name: bytes) -> bool:
        return self.continuous.get(name.lower(), False)

    def all_continuous(self, tags: DxfTags) -> bool:
        """Whether every line type anything in the file names is continuous."""
        used = {tags.value(t).lower() for t in np.flatnonzero(tags.codes == 6).tolist()}
        used |= set(self.layers.values())
        return all(name in (b"", b"bylayer", b"byblock") or self.linetype_continuous(name)
                   for name in used)


def _block_ranges(tags: DxfTags, first: int, last: int) -> dict[str, tuple[int, np.ndarray]]:
    """Casefolded block name -> (its BLOCK object, the entity objects inside it)."""
    names = tags.object_names
    found: dict[str, tuple[int, np.ndarray]] = {}
    obj = first
    while obj < last:
        if names[obj] != b"BLOCK":
            obj += 1
            continue
        ends = np.flatnonzero(names[obj + 1:last] == b"ENDBLK")
        if not len(ends):
            raise ScanUnsupported("a block without its end")
        end = obj + 1 + int(ends[0])
        name_tag = tags.first_tag(np.array([obj]), 2)[0]
        if name_tag < 0:
            raise ScanUnsupported("a block without a name")
        key = tags.value(int(name_tag)).decode("utf-8", "surrogateescape").casefold()
        found[key] = (obj, np.arange(obj + 1, end))
        obj = end + 1
    return found


def _name_key(raw: bytes, encoding: str) -> str:
    return raw.decode(encoding, "surrogateescape").casefold()


def _splittable_blocks(tags: DxfTags, tables: _Tables, model_objects: np.ndarray,
                       block_ranges: dict, encoding: str) -> set[str]:
    """Blocks whose plain entities are drawn natively wherever the block is drawn: every
    reference to them is a plain INSERT in model space or in another such block."""
    names = tags.object_names
    candidates = {key for key in block_ranges
                  if not key.startswith("*model_space") and not key.startswith("*paper_space")}
    headers = np.array([header for header, _ in block_ranges.values()], np.int64)
    for key, flags in zip(block_ranges, tags.first_float(headers, 70, 0.0).astype(int).tolist()):
        if flags & XREF_FLAGS:
            candidates.discard(key)
    # Referenced by something other than an INSERT: by name (a dimension's block) ...
    code2 = np.flatnonzero(tags.codes == 2)
    owners = tags.objects_of(code2)
    owner_names = names[owners]
    graphic = np.isin(owners, model_objects) | np.isin(
        owners, np.concatenate([objects for _, objects in block_ranges.values()] or
                               [np.zeros(0, np.int64)]))
    for tag in code2[graphic & (owner_names != b"INSERT")].tolist():
        candidates.discard(_name_key(tags.value(tag), encoding))
    # ... or by handle (arrowheads of dimension styles and leaders, tables, multileaders).
    pointers = np.flatnonzero(np.isin(tags.codes, list(POINTER_CODES)))
    for tag in pointers.tolist():
        name = tables.block_record_handles.get(tags.value(tag).strip().upper())
        if name is not None:
            candidates.discard(name.decode(encoding, "surrogateescape").casefold())

    # Inserts: where each is, which block it draws, and whether it is plain.
    where: dict[int, str] = {int(o): "*model_space" for o in model_objects.tolist()}
    for key, (_, objects) in block_ranges.items():
        where.update((int(o), key) for o in objects.tolist())
    inserts = np.array([o for o in where if names[o] == b"INSERT"], np.int64)
    inserts.sort()
    plain = _plain_inserts(tags, inserts)
    referenced = [_name_key(raw, encoding) for raw in tags.first_text(inserts, 2, b"")]
    # Blocks drawn from a non-plain insert or from a block kept whole are kept whole too.
    changed = True
    while changed:
        changed = False
        for insert, block, is_plain in zip(inserts.tolist(), referenced, plain.tolist()):
            if block not in candidates:
                continue
            container = where[insert]
            if not is_plain or (container != "*model_space" and container not in candidates):
                candidates.discard(block)
                changed = True
    return candidates


def _plain_inserts(tags: DxfTags, inserts: np.ndarray) -> np.ndarray:
    """Inserts drawn by a rotation, scale and move in the plane: one copy (not a MINSERT
    grid), no clipping (an extension dictionary may hold one), extrusion +Z or -Z."""
    plain = (tags.first_float(inserts, 70, 1.0) <= 1) & (tags.first_float(inserts, 71, 1.0) <= 1)
    plain &= tags.first_tag(inserts, 360) < 0
    plain &= _flat_extrusion(tags, inserts)
    return plain


def _flat_extrusion(tags: DxfTags, objects: np.ndarray) -> np.ndarray:
    ex = tags.first_float(objects, 210, 0.0)
    ey = tags.first_float(objects, 220, 0.0)
    ez = tags.first_float(objects, 230, 1.0)
    return (np.abs(ex) < 1e-12) & (np.abs(ey) < 1e-12) & (np.abs(np.abs(ez) - 1.0) < 1e-12)


def _plain(tags: DxfTags, tables: _Tables, objects: np.ndarray, in_block: np.ndarray,
           all_continuous: bool, encoding: str) -> np.ndarray:
    """The objects among `objects` (sorted; `in_block`: each is in a block) that are plain
    geometry (see the module's docstring)."""
    names = tags.object_names[objects]
    in_block = in_block[np.isin(names, PLAIN_TYPES)]
    candidates = objects[np.isin(names, PLAIN_TYPES)]
    if not len(candidates):
        return candidates
    names = tags.object_names[candidates]
    keep = tags.first_float(candidates, 60, 0.0) == 0.0          # visible
    keep &= tags.first_float(candidates, 39, 0.0) == 0.0         # no thickness
    keep &= tags.first_float(candidates, 67, 0.0) == 0.0
    keep &= (names == b"LINE") | _flat_extrusion(tags, candidates)
    solids = names == b"SOLID"
    if solids.any():   # all four corners given (ezdxf puts a missing one at the origin)
        keep &= ~solids | ((tags.first_tag(candidates, 13) >= 0) &
                           (tags.first_tag(candidates, 23) >= 0))
    polylines = names == b"LWPOLYLINE"
    if polylines.any():
        def with_nonzero(*codes: int) -> np.ndarray:
            found = np.zeros(len(candidates), bool)
            for code in codes:
                tagged, owners = tags.with_code(code)
                mine = np.isin(owners, candidates[polylines])
                nonzero = tags.floats(tagged[mine]) != 0.0
                found |= np.isin(candidates, owners[mine][nonzero])
            return found

        # A constant width is a band of straight segments (ezdxf's trace); per-vertex
        # widths, and widths with arcs, are left to ezdxf.
        wide = with_nonzero(43)
        keep &= ~(polylines & (with_nonzero(40, 41) | (wide & with_nonzero(42))))
    texts = names == b"TEXT"
    if texts.any():   # single-line text at its insert point, upright, in a known style
        simple = (tags.first_float(candidates, 72, 0.0) == 0.0) & \
            (tags.first_float(candidates, 73, 0.0) == 0.0) & \
            (tags.first_float(candidates, 71, 0.0) == 0.0) & \
            (tags.first_float(candidates, 51, 0.0) == 0.0) & \
            (tags.first_float(candidates, 230, 1.0) == 1.0)
        for index, content, style in zip(
                np.flatnonzero(texts & keep).tolist(),
                tags.first_text(candidates[texts & keep], 1, b""),
                tags.first_text(candidates[texts & keep], 7, b"Standard")):
            keep[index] = bool(simple[index]) and style.lower() in tables.text_styles and \
                PLAIN_TEXT.fullmatch(content) is not None and \
                not any(code in content for code in TEXT_CODES)
    hatches = names == b"HATCH"
    if hatches.any():     # solid, bounded by polylines only: filled as ezdxf fills them
        solid = tags.first_float(candidates, 70, 0.0) == 1.0
        gradient = tags.first_float(candidates, 450, 0.0) != 0.0
        for index in np.flatnonzero(hatches & keep).tolist():
            boundary = hatch_boundary(tags, int(candidates[index]))
            keep[index] = boundary is not None and not gradient[index] and (
                bool(solid[index]) or _pattern_drawable(boundary))
    arcs = names == b"ARC"
    if arcs.any():
        sweep = (tags.first_float(candidates, 51, 0.0) - tags.first_float(candidates, 50, 0.0))
        keep &= ~(arcs & (np.abs(np.mod(sweep, 360.0)) < 1e-9))
    def styled_plainly(layer: bytes, linetype: bytes, inside: bool) -> bool:
        layer_key = layer.lower()
        if not tables.plain_layer(layer_key, encoding):
            return False     # ezdxf's audit has something to say: left to it
        linetype = linetype.lower()
        if linetype == b"bylayer":
            if inside and layer_key == b"0":
                return all_continuous     # the insert's layer's line type
            return tables.linetype_continuous(tables.layers[layer_key])
        if linetype == b"byblock":
            return all_continuous or not inside
        return tables.linetype_continuous(linetype)

    # Decided once per combination of layer, line type and place (as arrays: a Python
    # object per entity would be most of the scan's memory).
    kept = np.flatnonzero(keep)
    layers, layer_of = np.unique(np.asarray(tags.first_bytes(candidates[kept], 8, b"0")),
                                 return_inverse=True)
    linetypes, linetype_of = np.unique(
        np.asarray(tags.first_bytes(candidates[kept], 6, b"BYLAYER")), return_inverse=True)
    combinations, combination_of = np.unique(
        (layer_of.astype(np.int64) * len(linetypes) + linetype_of) * 2 + in_block[kept],
        return_inverse=True)
    decided = np.array([styled_plainly(bytes(layers[c // 2 // len(linetypes)]),
                                       bytes(linetypes[c // 2 % len(linetypes)]), bool(c % 2))
                        for c in combinations.tolist()], bool)
    keep[kept] = decided[combination_of]
    return candidates[keep]


@dataclass(slots=True)   # kept for every hatch of a drawing
class HatchLoop:
    flags: int
    closed: bool
    xy: array                # x, y of each vertex ("d": a drawing has thousands of loops)
    bulges: array


@dataclass(slots=True)
class PatternLine:
    angle: float             # degrees; the pattern as stored: already scaled and rotated
    base: tuple[float, float]
    offset: tuple[float, float]
    dashes: list[float]      # > 0 dash, < 0 gap, 0 dot


@dataclass(slots=True)
class HatchBoundary:
    loops: list[HatchLoop]
    pattern: list[PatternLine]


def hatch_boundary(tags: DxfTags, obj: int) -> HatchBoundary | None:
    """A HATCH's boundary loops and pattern lines when all loops are polylines (None
    otherwise, or when the tags are not as the DXF reference lays them out)."""
    if obj not in tags.hatch_cache:
        tags.hatch_cache[obj] = _parse_hatch(tags, obj)
    return tags.hatch_cache[obj]


def _parse_hatch(tags: DxfTags, obj: int) -> HatchBoundary | None:
    span = tags.object_tags(obj)
    codes = tags.codes[span.start:span.stop].tolist()
    loops = _parse_hatch_loops(tags, span, codes)
    if loops is None:
        return None
    pattern = []
    if 78 in codes:
        at = codes.index(78) + 1
        try:
            while at < len(codes) and codes[at] == 53:
                values = {}
                dashes = []
                values[53] = float(tags.value(span.start + at))
                at += 1
                while at < len(codes) and codes[at] in (43, 44, 45, 46, 79, 49):
                    value = float(tags.value(span.start + at))
                    if codes[at] == 49:
                        dashes.append(value)
                    else:
                        values[codes[at]] = value
                    at += 1
                pattern.append(PatternLine(values[53], (values.get(43, 0.0), values.get(44, 0.0)),
                                           (values.get(45, 0.0), values.get(46, 0.0)), dashes))
        except ValueError:
            return None
    return HatchBoundary(loops, pattern)


def _parse_hatch_loops(tags: DxfTags, span: range, codes: list[int]
                       ) -> list[HatchLoop] | None:
    try:
        at = codes.index(91)
        count = int(tags.value(span.start + at))
        loops = []
        at += 1
        for _ in range(count):
            if codes[at] != 92:
                return None
            flags = int(tags.value(span.start + at))
            if not flags & POLYLINE_LOOP or codes[at + 1] != 72 or codes[at + 2] != 73 \
                    or codes[at + 3] != 93:
                return None
            has_bulge = int(tags.value(span.start + at + 1)) != 0
            closed = int(tags.value(span.start + at + 2)) != 0
            vertices = int(tags.value(span.start + at + 3))
            at += 4
            xy, bulges = array("d"), array("d")
            for _ in range(vertices):
                if codes[at] != 10 or codes[at + 1] != 20:
                    return None
                xy.append(float(tags.value(span.start + at)))
                xy.append(float(tags.value(span.start + at + 1)))
                at += 2
                bulge = 0.0
                if has_bulge and codes[at] == 42:
                    bulge = float(tags.value(span.start + at))
                    at += 1
                bulges.append(bulge)
            if codes[at] == 97:          # source boundary objects: skipped
                at += 1 + int(tags.value(span.start + at))
            loops.append(HatchLoop(flags, closed, xy, bulges))
        return loops
    except (ValueError, IndexError):
        return None


MAX_PATTERN_LINES = 20_000   # per hatch: denser patterns are left to ezdxf's timeout


def _pattern_drawable(boundary: HatchBoundary) -> bool:
    """A pattern the array hatching draws as ezdxf does: lines whose spacing is neither
    zero nor so fine that the hatch would need more than MAX_PATTERN_LINES lines (ezdxf
    fills a too dense pattern solid, or gives up on it after a timeout)."""
    xy = np.array([v for loop in boundary.loops for v in loop.xy]).reshape(-1, 2)
    if not len(xy):
        return True
    size = float(np.hypot(*np.ptp(xy, axis=0)))
    lines = 0.0
    for line in boundary.pattern:
        angle = math.radians(line.angle)
        spacing = abs(math.cos(angle) * line.offset[1] - math.sin(angle) * line.offset[0])
        if spacing < 1e-4:
            return False
        lines += size / spacing
    return lines <= MAX_PATTERN_LINES


def _without(tags: DxfTags, cut: np.ndarray) -> bytes:
    """The file's bytes without the objects in `cut` (sorted object ids)."""
    if not len(cut):
        return tags.data
    zero = tags.zero_tags
    starts = tags.object_start[cut]
    following = cut + 1
    ends = np.where(following < len(zero), tags.object_start[np.minimum(following,
                                                                        len(zero) - 1)],
                    len(tags.data))
    # Adjacent cut objects merge into one gap.
    keep_from = np.concatenate(([0], ends))
    keep_to = np.concatenate((starts, [len(tags.data)]))
    kept = keep_to > keep_from
    data = memoryview(tags.data)     # slices of a view are not copies
    return b"".join(data[a:b] for a, b in zip(keep_from[kept].tolist(), keep_to[kept].tolist()))


_HEX_DIGITS = np.full(256, -1, np.int16)
_HEX_DIGITS[np.frombuffer(b"0123456789", np.uint8)] = np.arange(10)
_HEX_DIGITS[np.frombuffer(b"abcdef", np.uint8)] = np.arange(10, 16)
_HEX_DIGITS[np.frombuffer(b"ABCDEF", np.uint8)] = np.arange(10, 16)


def _handles(tags: DxfTags, objects: np.ndarray) -> np.ndarray:
    """The objects' handles (hexadecimal, spaces around them allowed), sorted and unique;
    an object without a readable one has none. Column by column: a Python int per object
    would be a good part of the scan's memory."""
    raw = np.asarray(tags.first_bytes(objects, 5, b""))
    if not len(raw):
        return np.zeros(0, np.uint64)
    chars = raw.view(np.uint8).reshape(len(raw), raw.dtype.itemsize)
    digits = _HEX_DIGITS[chars]
    filler = (chars == 0) | (chars == 32)            # NUL padding of the array, spaces
    is_digit = digits >= 0
    valid = (is_digit | filler).all(axis=1) & is_digit.any(axis=1) & \
        (is_digit.sum(axis=1) <= 16)
    handles = np.zeros(len(raw), np.uint64)
    for column in range(chars.shape[1]):
        handles = np.where(is_digit[:, column],
                           handles * np.uint64(16) + digits[:, column].astype(np.uint64),
                           handles)
    return np.unique(handles[valid])
