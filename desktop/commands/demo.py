"""`planreview demo`: the application with a reference permit server on loopback, seeded with
demo offices, users (password "demo") and applications, and a sample permit set open.

The server runs as a child process (`planreview server --port 0 --seed-demo`) with its data in
the user's data folder, so demo work survives between runs; it stops with the application.
"""
from __future__ import annotations

from desktop.commands.arguments import absolute_path

import subprocess
import sys
import threading

from review.errors import PlanReviewError

DEMO_USERS = ("consultant1", "intake1", "arch1", "struct1", "supervisor1", "admin1")
SERVER_START_TIMEOUT_S = 120


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="the application with a demo permit server")
    parser.add_argument("--screenshot", metavar="PNG", type=absolute_path,
                        help="render the window offscreen (1920x1080) once the first sheet is "
                             "drawn, save it and exit")
    parser.add_argument("--user", choices=DEMO_USERS,
                        help="log in as this demo user (default: ask; arch1 with --screenshot)")


class DemoServer:
    def __init__(self, data) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "server", "--port", "0", "--seed-demo",
             "--data", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        self.url = self._read_url()

    def _read_url(self) -> str:
        found: list[str] = []

        def read() -> None:
            line = self.process.stdout.readline()
            found.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(SERVER_START_TIMEOUT_S)
        line = found[0] if found else ""
        if "http://" not in line:
            self.stop()
            error = self.process.stderr.read().strip().splitlines() if self.process.stderr else []
            raise PlanReviewError("the demo permit server did not start"
                                  + (f": {error[-1]}" if error else ""))
        url = line[line.index("http://"):].split()[0]
        return url.removesuffix("/v1")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def run(args) -> int:
    from PySide6.QtCore import Qt

    from desktop import settings
    from desktop.app import run_window
    from desktop.logsetup import data_dir
    from review.samples import write_sample_plan_set

    sample = data_dir() / "demo" / "sample-permit-set-v2.pdf"
    if not sample.is_file():
        write_sample_plan_set(sample)
    server = DemoServer(data_dir() / "demo-server")
    try:
        settings.set_value("sync/server_url", server.url)
        user = args.user or ("arch1" if args.screenshot else None)

        def prepare(window):
            if user is None:
                if args.screenshot is None:
                    window.sync.menu.show_login()
                return None
            failed: list[str] = []
            window.sync.controller.failed.connect(failed.append)
            window.workflow.controller.failed.connect(failed.append)
            queue = window.sync.queue.model

            def open_first_waiting(_apps) -> None:
                """The user's first waiting application in the panel, once, as a start."""
                if queue.rowCount() and window.workflow.controller.case is None:
                    window.workflow.open_application(
                        queue.data(queue.index(0, 0), Qt.ItemDataRole.UserRole))

            # connected after the queue dock's own slot, so the queue is filled first
            window.sync.controller.queue_changed.connect(open_first_waiting)
            window.sync.controller.login(server.url, user, "demo", False)
            return lambda: window.workflow.controller.case is not None or bool(failed)

        return run_window([str(sample)], args.lang, args.screenshot, prepare=prepare)
    finally:
        server.stop()
