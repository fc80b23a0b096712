"""One way to run slow work off the GUI thread: named thread pools, results on the GUI thread.

`run_task(pool, fn, on_done, on_error)` runs `fn()` on the named pool and calls `on_done(result)`
or `on_error(exception)` on the GUI thread. Worker exceptions are never lost. Tests call
`set_synchronous(True)` to run tasks inline.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

POOL_SIZES = {"io": 2, "parse": 1, "network": 4}
_pools: dict[str, QThreadPool] = {}
_synchronous = False
_alive: set = set()


def set_synchronous(enabled: bool) -> None:
    global _synchronous
    _synchronous = enabled


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            log.debug("task failed", exc_info=True)
            self._deliver(self.relay.failed, exc)
        else:
            self._deliver(self.relay.done, result)

    @staticmethod
    def _deliver(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:   # the application is closing and the receiver is gone
            log.debug("task result dropped at shutdown")


def pool(name: str) -> QThreadPool:
    if name not in _pools:
        thread_pool = QThreadPool()
        thread_pool.setMaxThreadCount(POOL_SIZES.get(name, 1))
        _pools[name] = thread_pool
    return _pools[name]


def wait_for_all(timeout_ms: int = 10000) -> None:
    """Lets running tasks finish before the application tears down its objects."""
    for thread_pool in _pools.values():
        thread_pool.clear()
        thread_pool.waitForDone(timeout_ms)


def run_task(pool_name: str, fn: Callable[[], object], on_done: Callable[[object], None],
             on_error: Callable[[BaseException], None]) -> None:
    if _synchronous:
        try:
            result = fn()
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(result)
        return
    relay = _Relay()
    _alive.add(relay)

    def finish(callback, value):
        _alive.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    pool(pool_name).start(_Task(fn, relay))
