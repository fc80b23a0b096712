"""A least-recently-used cache bounded in bytes (tiles, thumbnails). Not thread-safe: one owner."""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Generic, TypeVar

V = TypeVar("V")


class ByteBoundedCache(Generic[V]):
    def __init__(self, max_bytes: int, size_of: Callable[[V], int]):
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self.bytes = 0

    def get(self, key: Hashable) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def peek(self, key: Hashable) -> V | None:
        """Like get, without refreshing the entry's age (for fallback lookups)."""
        item = self._items.get(key)
        return None if item is None else item[0]

    def put(self, key: Hashable, value: V) -> None:
        size = self._size_of(value)
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        if size > self.max_bytes:
            return
        self._items[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, evicted) = self._items.popitem(last=False)
            self.bytes -= evicted

    def discard_where(self, predicate: Callable[[Hashable], bool]) -> None:
        for key in [k for k in self._items if predicate(k)]:
            self.bytes -= self._items.pop(key)[1]

    def keys(self) -> Iterator[Hashable]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items


def user_cache_dir(name: str) -> Path:
    """A folder in the user's cache (PLANREVIEW_CACHE overrides the root), created on demand."""
    root = os.environ.get("PLANREVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "planreview")
    folder = Path(root) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_identity(path: str | Path) -> str:
    """A cheap key that changes when the file does: path, size and modification time."""
    stat = os.stat(path)
    text = f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha1(text.encode()).hexdigest()
