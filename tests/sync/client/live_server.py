"""The reference permit server on loopback, for end-to-end tests and benches.

`LiveServer` runs the server's app with uvicorn in a thread of the test process (fast; the demo
users only). `ServerProcess` runs `planreview server` in a subprocess on 127.0.0.1 with its own
data folder, so a test can kill it (SIGKILL) mid-request and start it again on the same port
and data. `FaultyProxy` sits between a client and a server and drops answers, answers 503 or
sends a request twice, as real networks do. With PLANREVIEW_TEST_POSTGRES_URL set,
`fresh_postgres_database` gives each server its own database in that cluster.
"""
from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[3]
POSTGRES_ENV = "PLANREVIEW_TEST_POSTGRES_URL"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(self, data_dir: Path, *, seed_demo: bool = True, database_url: str | None = None,
                 port: int | None = None, extra_args: tuple[str, ...] = ()):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "desktop.cli", "server", "--host", "127.0.0.1",
                     "--port", str(self.port), "--data", str(self.data_dir), *extra_args]
        if seed_demo:
            self.args.append("--seed-demo")
        if database_url:
            self.args += ["--database-url", database_url]
        self.process: subprocess.Popen | None = None
        self.log = self.data_dir.parent / f"server-{self.port}.log"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.args, cwd=REPO, env=env, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n"
                                   f"{self.log.read_text(errors='replace')[-3000:]}")
            try:
                if requests.get(f"{self.url}/v1/health", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n"
                           f"{self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the machine or the process dies."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def fresh_postgres_database() -> str | None:
    """A new, empty database in the test cluster; None when no cluster is configured."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        return None
    import psycopg

    name = f"planreview_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


class LiveServer:
    """The reference server in this process, on a free loopback port, with the demo users."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None,
                 database_schema: str | None = None):
        import uvicorn

        from sync.server.app import create_app
        from sync.server.seed import seed_users
        from sync.server.settings import ServerSettings

        settings = ServerSettings(data_dir=Path(data_dir), database_url=database_url,
                                  database_schema=database_schema,
                                  argon2_time_cost=1, argon2_memory_kib=8192)
        self.app = create_app(settings)
        seed_users(self.app.state.server)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@dataclass
class Fault:
    """What the proxy does to the next `times` requests whose method and path match."""

    method: str
    path_contains: str
    action: str  # "drop_answer" (forward, then close without answering), "503", "duplicate"
    times: int = 1
    retry_after: str = "0"


class FaultyProxy:
    """An HTTP proxy on loopback that forwards to `upstream` and injects the faults it is given."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.faults: list[Fault] = []
        self.seen: list[tuple[str, str, str]] = []  # (method, path, what happened)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                fault = proxy._take_fault(self.command, self.path)
                action = fault.action if fault else "forward"
                proxy.seen.append((self.command, self.path, action))
                if action == "503":
                    self._answer(503, {"Retry-After": fault.retry_after,
                                       "Content-Type": "application/problem+json"},
                                 b'{"type":"about:blank","title":"Service unavailable",'
                                 b'"status":503}')
                    return
                send = lambda: requests.request(  # noqa: E731
                    self.command, proxy.upstream + self.path, data=body, headers=headers,
                    allow_redirects=False, timeout=120)
                if action == "duplicate":
                    send()
                answer = send()
                if action == "drop_answer":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                passed = {k: v for k, v in answer.headers.items() if k.lower() not in (
                    "content-length", "transfer-encoding", "connection", "content-encoding")}
                self._answer(answer.status_code, passed, answer.content)

            def _answer(self, status, headers, content):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def add(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and fault.path_contains in path:
                    fault.times -= 1
                    return fault
        return None

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
