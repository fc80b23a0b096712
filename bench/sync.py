"""Sync benchmark (issue 5): the client against the reference server on 127.0.0.1 only.

    .venv/bin/python bench/sync.py [--size-mb 200] [--applications 10000] [--clients 20]
    sh tools/with-postgres.sh .venv/bin/python bench/sync.py      # adds the PostgreSQL run

Prints:
 (a) upload of a SIZE MB drawing set: bare requests PATCHes in the server's largest accepted
     chunks (64 MB) vs the client's chunked, resumable, sha256-checked upload, same run
                                                                  target ratio >= 0.8
 (b) download of the same blob: plain requests GET vs the client's Range-resumable,
     sha256-checked download                                      target ratio >= 0.8
 (c) pulling the change feed of APPLICATIONS new applications into an empty local cache
 (d) GET /v1/applications p50/p95 latency, CLIENTS concurrent clients, APPLICATIONS rows,
     on SQLite and (under tools/with-postgres.sh) on PostgreSQL
Every server is a subprocess on 127.0.0.1 that is stopped at the end; the whole run has a
deadline (--deadline, seconds) after which it stops by itself.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import keyring  # noqa: E402
import keyring.backends.fail  # noqa: E402
import requests  # noqa: E402

from review.store import LocalStore  # noqa: E402
from sync.api import PermitApi  # noqa: E402
from sync.auth import AuthSession  # noqa: E402
from sync.cache import ResourceCache  # noqa: E402
from sync.client import PermitClient  # noqa: E402
from sync.outbox import Outbox  # noqa: E402
from sync.puller import Puller  # noqa: E402
from sync.transfers import Transfers, file_sha256  # noqa: E402
from tests.sync.client.live_server import ServerProcess, fresh_postgres_database  # noqa: E402

PASSWORD = "demo"  # the --seed-demo accounts' documented demo password
SERVER_MAX_CHUNK = 64 * 1024 * 1024  # the reference server's default limit per PATCH


def login(url: str, user: str) -> PermitClient:
    client = PermitClient(url)
    AuthSession(client).login(user, PASSWORD, remember=False)
    return client


def write_random_file(path: Path, size: int) -> None:
    block = 16 * 1024 * 1024
    with open(path, "wb") as out:
        left = size
        while left:
            out.write(os.urandom(min(block, left)))
            left -= min(block, left)


def plain_upload(url: str, client: PermitClient, path: Path) -> float:
    """The baseline: bare requests, the file in the server's largest accepted chunks."""
    headers = {"Authorization": client.tokens.authorization()}
    size = path.stat().st_size
    start = time.perf_counter()
    created = requests.post(f"{url}/v1/uploads", headers=headers, timeout=60, json={
        "filename": path.name, "size": size, "sha256": file_sha256(path)})
    created.raise_for_status()
    location = client.url(created.headers["Location"])
    with open(path, "rb") as body:
        offset = 0
        while chunk := body.read(SERVER_MAX_CHUNK):
            answer = requests.patch(location, data=chunk, timeout=600, headers={
                **headers, "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream"})
            answer.raise_for_status()
            offset += len(chunk)
    return time.perf_counter() - start


def plain_download(url: str, client: PermitClient, sha256: str, target: Path) -> float:
    start = time.perf_counter()
    with requests.get(f"{url}/v1/blobs/{sha256}", stream=True, timeout=600,
                      headers={"Authorization": client.tokens.authorization()}) as answer:
        answer.raise_for_status()
        with open(target, "wb") as out:
            for block in answer.iter_content(1024 * 1024):
                out.write(block)
    return time.perf_counter() - start


def bench_transfers(url: str, work: Path, size_mb: int) -> None:
    client = login(url, "consultant1")
    size = size_mb * 1024 * 1024
    plain_file, client_file = work / "plain.bin", work / "client.bin"
    write_random_file(plain_file, size)
    write_random_file(client_file, size)  # other bytes: no shortcut for a blob already held
    plain_up = plain_upload(url, client, plain_file)
    store = LocalStore(work / "client.sqlite")
    transfers = Transfers(store, client, work / "cache")
    start = time.perf_counter()
    result = transfers.upload(client_file)
    client_up = time.perf_counter() - start
    print(f"(a) upload {size_mb} MB: plain requests {size_mb / plain_up:.0f} MB/s,"
          f" client {size_mb / client_up:.0f} MB/s (sha256 + {transfers.chunk_size >> 20} MB"
          f" chunks), ratio {plain_up / client_up:.2f}x  target >= 0.8")

    plain_down = plain_download(url, client, result.sha256, work / "plain-download.bin")
    start = time.perf_counter()
    transfers.download(result.sha256)
    client_down = time.perf_counter() - start
    print(f"(b) download {size_mb} MB: plain GET {size_mb / plain_down:.0f} MB/s,"
          f" client {size_mb / client_down:.0f} MB/s (sha256 checked),"
          f" ratio {plain_down / client_down:.2f}x  target >= 0.8")
    store.close()
    for path in (plain_file, client_file, work / "plain-download.bin"):
        path.unlink()


def create_applications(url: str, count: int, clients: int) -> float:
    local = threading.local()

    def create(i: int) -> None:
        if not hasattr(local, "api"):
            local.api = PermitApi(login(url, "consultant1"))
        local.api.create_application({
            "title": f"Bench villa {i}", "owner_name": f"Owner {i}",
            "plot": {"governorate": "Muscat", "wilayat": "Bawshar", "area": "Area",
                     "block": str(i % 97), "plot_no": str(i)},
            "use_class": "residential", "floors": 2, "gross_area_m2": "300.00",
            "estimated_cost_baisa": 60_000_000})

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(create, range(count)))
    return time.perf_counter() - start


def bench_database(label: str, url: str, work: Path, applications: int, clients: int) -> None:
    seconds = create_applications(url, applications, clients)
    print(f"    [{label}] {applications} applications created by {clients} clients"
          f" in {seconds:.1f} s")

    store = LocalStore(work / f"pull-{label}.sqlite")
    puller = Puller(login(url, "consultant1"), ResourceCache(store), Outbox(store))
    start = time.perf_counter()
    report = puller.pull()
    pulled = time.perf_counter() - start
    print(f"(c) [{label}] pulled {report.changes} changes ({report.fetched} resources fetched)"
          f" in {pulled:.1f} s: {report.changes / pulled:.0f} changes/s")
    store.close()

    requests_per_client = 25
    latencies: list[float] = []
    lock = threading.Lock()

    def one_client(_: int) -> None:
        client = login(url, "supervisor1")
        mine = []
        for _ in range(requests_per_client):
            start = time.perf_counter()
            client.request("GET", "/v1/applications")
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one_client, range(clients)))
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"(d) [{label}] GET /v1/applications with {applications}+ rows, {clients} clients x"
          f" {requests_per_client}: p50 {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--deadline", type=float, default=1800, help="seconds for the whole run")
    args = parser.parse_args()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # never touch the user's keyring
    servers: list[ServerProcess] = []
    timer = threading.Timer(args.deadline, lambda: (
        print(f"deadline of {args.deadline:.0f} s reached: stopping", file=sys.stderr),
        [server.kill() for server in servers], os._exit(3)))
    timer.daemon = True
    timer.start()
    try:
        with tempfile.TemporaryDirectory(prefix="planreview-bench-") as tmp:
            work = Path(tmp)
            server = ServerProcess(work / "sqlite-server")
            servers.append(server)
            with server:
                bench_transfers(server.url, work, args.size_mb)
                bench_database("sqlite", server.url, work, args.applications, args.clients)
            database_url = fresh_postgres_database()
            if database_url is None:
                print("(d) [postgresql] skipped: run under tools/with-postgres.sh")
                return 0
            server = ServerProcess(work / "pg-server", database_url=database_url)
            servers.append(server)
            with server:
                bench_database("postgresql", server.url, work, args.applications, args.clients)
    finally:
        timer.cancel()
    return 0


if __name__ == "__main__":
    sys.exit(main())
