"""A page's content stream cut into parts that several workers interpret at once.

MuPDF interprets a page on one core, and on a heavy CAD plot that alone takes longer than a
first preview may. Cut at `Q` operators near even shares of the estimated work, each part is a
valid content stream of its own: it starts with what is needed to re-enter the graphics
states open at its cut (their `q`, `cm`, clip paths, colours and `gs`, with painting removed),
and closes the states it leaves open. The first part is drawn on white and the others on
transparency, so laying them over each other in order gives the page.

This is for the preview only: a construct that does not survive cutting (transparency blending
across the cut, an inline image) changes at most the preview, which the exact tiles replace;
a page where a clean cut is not found is not cut at all.
"""
from __future__ import annotations

import re

import numpy as np

MIN_PART_COST = 256 * 1024   # bytes of content (or its equivalent in XObjects) worth a worker
XOBJECT_CALL_COST = 200      # interpreting a Do, besides the XObject's own content
MAX_LEAD_IN = 0.02           # of the content: more and a part re-does what the last one did
STREAM_EXPANSION = 2         # XObject content is weighed by its compressed length times this

_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)")
_XOBJECT_CALL = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s\[\(<{/%])")
_INLINE_IMAGE = re.compile(rb"BI\s")
# painting in the lead-in of a later part would be drawn twice: paths end without painting,
# XObjects, shadings and text are dropped with their operands
_PAINT_PATH = re.compile(rb"(?<![^\s\]\)>])(?:S|s|f\*?|F|B\*?|b\*?)(?![^\s\[\(<{/%])")
_PAINT_OTHER = re.compile(
    rb"/[^\s/\[\]()<>{}%]+\s*(?:Do|sh)(?![^\s\[\(<{/%])"
    rb"|(?:\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|\[[^\]]*\])\s*(?:Tj|TJ|')(?![^\s\[\(<{/%])"
    rb"|[-+.\d]+\s+[-+.\d]+\s+\((?:\\.|[^\\()])*\)\s*\"")

_WHITESPACE = np.zeros(256, bool)
_WHITESPACE[[0, 9, 10, 12, 13, 32]] = True
_BEFORE_OPERATOR = _WHITESPACE.copy()   # what may precede an operator
_BEFORE_OPERATOR[list(b"])>")] = True
_AFTER_OPERATOR = _WHITESPACE.copy()    # what may follow one
_AFTER_OPERATOR[list(b"[(</{%")] = True


def split_content(content: bytes, parts: int,
                  xobject_lengths: dict[bytes, int] | None = None) -> list[bytes] | None:
    """`content` cut into up to `parts` streams, or None where it is not worth cutting or no
    clean cut is found. `xobject_lengths`: the compressed length of each XObject by name,
    to weigh the work of drawing it."""
    if parts < 2 or len(content) < MIN_PART_COST and b"Do" not in content:
        return None
    data = np.frombuffer(content, np.uint8)
    call_at, call_cost = _xobject_calls(content, data, xobject_lengths or {})
    total = len(content) + int(call_cost.sum())
    parts = min(parts, total // MIN_PART_COST)
    if parts < 2 or _has_inline_image(content):
        return None
    positions, steps = _save_restore_operators(content, data)
    depth = np.cumsum(steps)
    if len(depth) == 0 or depth.min() < 0:
        return None
    # the work done before each operator: its offset plus the cost of the calls before it
    call_work = np.concatenate([[0], np.cumsum(call_cost)])
    work = positions + call_work[np.searchsorted(call_at, positions)]
    cuts = _choose_cuts(work, depth, steps, total, parts)
    if not cuts:
        return None
    streams, start, lead_in = [], 0, b""
    for index in cuts:
        end = int(positions[index]) + 1
        streams.append(lead_in + content[start:end] + b"\nQ" * int(depth[index]))
        lead_in = _lead_in(content, positions, steps, depth, index)
        if len(lead_in) > len(content) * MAX_LEAD_IN:
            return None   # state built up outside q/Q blocks: re-entering costs the work saved
        lead_in = _neutral(lead_in) + b"\n"
        start = end
    streams.append(lead_in + content[start:])
    return streams


def _xobject_calls(content: bytes, data: np.ndarray,
                   lengths: dict[bytes, int]) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of the `Do` operators and the estimated work of each."""
    at = _operators(data, b"Do")
    names = _XOBJECT_CALL.findall(content)
    if len(names) == len(at):
        cost = np.array([lengths.get(name, 0) for name in names], np.int64) * STREAM_EXPANSION
    else:   # a name the pattern does not read: weigh every call alike
        cost = np.zeros(len(at), np.int64)
    return at, cost + XOBJECT_CALL_COST


def _has_inline_image(content: bytes) -> bool:
    return any(m.start() == 0 or _BEFORE_OPERATOR[content[m.start() - 1]]
               for m in _INLINE_IMAGE.finditer(content))


def _operators(data: np.ndarray, name: bytes) -> np.ndarray:
    """Offsets of the operator `name` (one or two letters) where delimiters surround it."""
    at = np.flatnonzero(data[: len(data) - len(name) + 1] == name[0])
    for offset, letter in enumerate(name[1:], 1):
        at = at[data[at + offset] == letter]
    ok = np.ones(len(at), bool)
    inner = at > 0
    ok[inner] &= _BEFORE_OPERATOR[data[at[inner] - 1]]
    inner = at + len(name) < len(data)
    ok[inner] &= _AFTER_OPERATOR[data[at[inner] + len(name)]]
    return at[ok]


def _save_restore_operators(content: bytes, data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of the `q` and `Q` operators outside strings, and +1 / -1 for each."""
    at = np.sort(np.concatenate([_operators(data, b"q"), _operators(data, b"Q")]))
    if b"(" in content:
        strings = np.array([m.span() for m in _STRING.finditer(content)], np.int64).reshape(-1, 2)
        if len(strings):
            which = np.searchsorted(strings[:, 0], at, side="right") - 1
            inside = (which >= 0) & (at < strings[np.maximum(which, 0), 1])
            at = at[~inside]
    return at, np.where(data[at] == ord("q"), 1, -1)


def _choose_cuts(work, depth, steps, total, parts) -> list[int]:
    """Indexes of `Q` operators to cut after, near each share of the work: the shallowest
    close to it (the least state to re-enter), else the nearest."""
    cuts = []
    for share in range(1, parts):
        target = total * share / parts
        candidates = steps == -1
        if cuts:
            candidates[: cuts[-1] + 1] = False
        if not candidates.any():
            return []
        near = candidates & (np.abs(work - target) < total / (16 * parts))
        if near.any():
            candidates = near & (depth == depth[near].min())
        index = np.flatnonzero(candidates)
        cuts.append(int(index[np.argmin(np.abs(work[index] - target))]))
    return cuts


def _lead_in(content, positions, steps, depth, cut) -> bytes:
    """What re-enters the graphics states open after operator `cut`: the content before it
    less the q...Q blocks already closed there, with the `q` of each block still open."""
    # an operator's depth is still open at the cut when no later operator up to the cut
    # goes below it
    lowest_after = np.minimum.accumulate(depth[: cut + 1][::-1])[::-1]
    still_open = np.empty(cut + 1, bool)
    still_open[:cut] = depth[:cut] <= lowest_after[1:]
    pieces = [content[: positions[0]]]
    for index in np.flatnonzero(still_open[:cut]):
        if steps[index] == 1:
            pieces.append(b"q")
        between = content[positions[index] + 1: positions[index + 1]]
        if not between.isspace():
            pieces.append(between)
    return b"\n".join(pieces)


def _neutral(lead_in: bytes) -> bytes:
    return _PAINT_OTHER.sub(b" ", _PAINT_PATH.sub(b"n", lead_in))
