import threading
import time

from tests import pdf_factory
from viewers.core.errors import RenderCancelled
from viewers.core.render_pool import RenderJob, RenderPool


class Results:
    def __init__(self):
        self.items = {}
        self.event = threading.Event()

    def __call__(self, job, result):
        self.items[job.key] = result
        self.event.set()

    def wait_for(self, key, timeout=60):
        deadline = time.monotonic() + timeout
        while key not in self.items and time.monotonic() < deadline:
            self.event.wait(0.05)
            self.event.clear()
        return self.items.get(key)


def test_workers_render_tiles_and_a_slow_page_can_be_aborted(tmp_path):
    fast = str(pdf_factory.plan_set(tmp_path / "fast.pdf", sheets=1))
    slow = str(pdf_factory.slow_page(tmp_path / "slow.pdf"))
    results = Results()
    pool = RenderPool(results, workers=1)
    try:
        pool.submit(RenderJob("slow", slow, 0, 4.0, (0, 0, 2000, 2000)))
        deadline = time.monotonic() + 30
        while not pool.running_jobs() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert "slow" not in results.items, "the slow page should still be rendering"
        assert pool.abort_running(lambda job: job.key == "slow") == 1
        assert isinstance(results.wait_for("slow"), RenderCancelled)
        # the restarted worker serves the next request
        pool.submit(RenderJob("tile", fast, 0, 0.25, (0, 0, 256, 256)))
        tile = results.wait_for("tile")
        assert (tile.width, tile.height, tile.channels) == (256, 256, 4)
    finally:
        pool.shutdown()


def test_pending_requests_are_deduplicated_and_dropped(tmp_path):
    path = str(pdf_factory.plan_set(tmp_path / "s.pdf", sheets=1))
    slow = str(pdf_factory.slow_page(tmp_path / "slow.pdf"))
    results = Results()
    pool = RenderPool(results, workers=1)
    try:
        pool.submit(RenderJob("busy", slow, 0, 4.0, (0, 0, 2000, 2000)))
        while not pool.running_jobs():
            time.sleep(0.02)
        for n in range(20):                       # 5 distinct tiles, each asked 4 times
            pool.submit(RenderJob(("t", n % 5), path, 0, 0.1, (0, 0, 64, 64), priority=n))
        pool.cancel_pending(lambda job: job.key[1] >= 3)
        pool.abort_running(lambda job: job.key == "busy")
        for n in range(3):
            assert results.wait_for(("t", n)) is not None
        time.sleep(0.3)
        assert sorted(k for k in results.items if k != "busy") == [("t", 0), ("t", 1), ("t", 2)]
    finally:
        pool.shutdown()


def test_a_worker_warms_up_on_a_made_up_plot_without_files():
    from viewers.core.pdf import warm_up

    warm_up()   # what every render worker runs before its first request
