"""What the reference permit server is configured with; one frozen value, passed to create_app."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    data_dir: Path
    # None: SQLite in WAL mode at <data_dir>/permits.sqlite
    database_url: str | None = None
    # PostgreSQL only: the schema to create the tables in (tests give each its own)
    database_schema: str | None = None
    max_upload_bytes: int = 400 * MB
    max_chunk_bytes: int = 64 * MB
    max_json_bytes: int = 1 * MB
    max_json_depth: int = 32
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(hours=8)
    # None: generated once and kept in <data_dir>/token-secret
    token_secret: str | None = None
    # failed logins within login_window: per user name from one client address (one person's
    # typos), and per user name from anywhere (guessing from many addresses); never per address
    # alone, so an office behind one proxy or NAT is not locked out by one person
    login_attempts_per_user_address: int = 5
    login_attempts_per_user: int = 20
    login_window: timedelta = timedelta(minutes=5)
    # reverse proxies (addresses or networks) whose client-address header is believed; from any
    # other peer the header is ignored, so a client cannot choose its own address
    trusted_proxies: tuple[str, ...] = ()
    client_address_header: str = "X-Forwarded-For"
    idempotency_ttl: timedelta = timedelta(days=30)
    # an upload not finished within this long is forgotten (the client starts it again)
    upload_ttl: timedelta = timedelta(days=7)
    # a request still marked in flight after this long died with its process: run it again
    idempotency_lease: timedelta = timedelta(minutes=2)
    # fees must be paid at the state table's gates (application fee before intake acceptance,
    # permit fees before approval)
    fee_gates: bool = True
    # the application fee gate alone; off by default so a submission can be accepted first
    application_fee_gate: bool = False
    # separation of duties (docs/permit-api.md, "Money rules"): the supervisor who approves
    # may not be the one who decided every discipline of the approved cycle, and a waiver of
    # more than waiver_second_approval_baisa needs a second supervisor to confirm it
    separation_of_duties: bool = True
    waiver_second_approval_baisa: int = 50_000  # 50.000 OMR
    # withdrawn or rejected after paying: permit-stage fees are refunded to the office
    # account; the application fee pays for the intake check and is forfeited (recorded in
    # the ledger) unless this is on
    refund_application_fee_on_close: bool = False
    demo_topups: bool = True  # admins may credit office accounts (demo only)
    # the address people reach this server at: the approved set's QR codes point there
    public_url: str = "http://127.0.0.1:8765"
    # argon2 cost; tests lower it, production keeps argon2-cffi's defaults
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'permits.sqlite'}"

    def resolved_token_secret(self) -> str:
        if self.token_secret:
            return self.token_secret
        path = self.data_dir / "token-secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        return path.read_text(encoding="ascii").strip()
