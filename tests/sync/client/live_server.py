"""The reference permit server as a real process on loopback, for end-to-end tests and benches.

`ServerProcess` runs `planreview server` in a subprocess on 127.0.0.1 with its own data folder,
so a test can kill it (SIGKILL) mid-request and start it again on the same port and data.
With PLANREVIEW_TEST_POSTGRES_URL set, `fresh_postgres_database` gives each server its own
database in that cluster.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
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
