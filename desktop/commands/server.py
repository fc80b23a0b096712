"""`planreview server`: the reference permit server on this machine."""
from __future__ import annotations

from desktop.commands.arguments import absolute_path

import dataclasses
import logging
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from review.errors import PlanReviewError


class ServerStartError(PlanReviewError):
    """The server cannot listen where it was asked to."""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("server", help="run the reference permit server")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8765,
                        help="port (default 8765; 0 picks a free one and prints it)")
    parser.add_argument("--data", metavar="DIR", type=absolute_path,
                        help="data folder: database, files, keys (default: <user data>/server)")
    parser.add_argument("--database-url", metavar="URL",
                        help="postgresql://user@host/db instead of SQLite in the data folder")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address people reach the server at, for the approved sets'"
                             " QR codes (default: http://HOST:PORT)")
    parser.add_argument("--trusted-proxy", metavar="ADDRESS[/BITS]", action="append",
                        default=[],
                        help="a reverse proxy in front of this server (repeat for several);"
                             " only from these is the client address in --client-address-header"
                             " believed, for counting failed logins")
    parser.add_argument("--client-address-header", metavar="NAME", default="X-Forwarded-For",
                        help="the header the trusted proxies put the client address in"
                             " (default X-Forwarded-For)")
    parser.add_argument("--seed-demo", action="store_true",
                        help='add demo offices, users (password "demo") and applications')
    parser.add_argument("--upgrade-only", action="store_true",
                        help="bring the database to this server's schema (a SQLite file is"
                             " copied first), say what was done and exit without serving")


def run(args) -> int:
    if args.upgrade_only:
        return _upgrade_only(args)
    import uvicorn

    from sync.server.app import build_context, create_app
    from sync.server.seed import seed_demo

    listener = _listen(args.host, args.port)
    host, port = listener.getsockname()[:2]
    try:
        settings = _settings(args, public_url=args.public_url or f"http://{host}:{port}")
        # the database first: a bad URL is reported before Qt is started for the converter
        with _migrations_shown():
            context = build_context(settings)
        context = dataclasses.replace(context, cad_to_pdf=_cad_converter())
        if args.seed_demo:
            seed_demo(context)
        app = create_app(settings, context)
        print(f"Plan Review permit server on http://{host}:{port}/v1"
              f" (data: {settings.data_dir})", flush=True)
        # proxy_headers off: the server itself decides whose forwarding header to believe
        config = uvicorn.Config(app, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=5, proxy_headers=False)
        uvicorn.Server(config).run(sockets=[listener])
        context.db.dispose()
    finally:
        listener.close()
    return 0


@contextmanager
def _migrations_shown() -> Iterator[None]:
    """An upgrade of the database at start is shown to the operator, not only logged; on stderr,
    as the first line on stdout says where the server listens (`planreview demo` reads it)."""
    migrations_log = logging.getLogger("sync.server.migrations")
    console = logging.StreamHandler(sys.stderr)
    migrations_log.addHandler(console)
    try:
        yield
    finally:
        migrations_log.removeHandler(console)


def _settings(args, **options):
    from desktop.logsetup import data_dir
    from sync.server.settings import ServerSettings

    return ServerSettings(data_dir=Path(args.data) if args.data else data_dir() / "server",
                          database_url=args.database_url,
                          trusted_proxies=_trusted_proxies(getattr(args, "trusted_proxy", [])),
                          client_address_header=getattr(args, "client_address_header",
                                                        "X-Forwarded-For"), **options)


def _trusted_proxies(given: list[str]) -> tuple[str, ...]:
    import ipaddress

    for text in given:
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError as exc:
            raise ServerStartError(f"--trusted-proxy {text!r} is not an IP address or network"
                                   " (such as 10.0.0.5 or 10.0.0.0/24)") from exc
    return tuple(given)


def _upgrade_only(args) -> int:
    from sync.server.db import Database
    from sync.server.migrations import upgrade_to_head

    db = Database(_settings(args))
    try:
        print(upgrade_to_head(db).describe(), flush=True)
    finally:
        db.dispose()
    return 0


def _cad_converter():
    """Our own renderer turns DXF/DWG sheets into the approved set's PDF pages. Without Qt the
    server still serves: approved sets are then built from PDF sheets only, and the operator
    is told so."""
    try:
        import viewers.qt.offscreen  # noqa: F401
        import viewers.qt.pdf_export  # noqa: F401
    except ImportError as exc:
        print(f"note: {exc.name or 'PySide6'} is not installed: approved sets can hold PDF"
              " sheets only (DXF and DWG sheets need Qt to be drawn)", file=sys.stderr,
              flush=True)
        return None
    return cad_sheets_to_pdf


def cad_sheets_to_pdf(path: Path) -> bytes:
    """The converter the approved-set worker process calls (by name: it is pickled). Qt's
    application object is made on first use, on the worker's main thread, as Qt wants."""
    from viewers.qt.offscreen import ensure_gui_application
    from viewers.qt.pdf_export import cad_file_to_pdf

    ensure_gui_application()
    return cad_file_to_pdf(path)


def _listen(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:
        raise ServerStartError(f"--port must be 0 to 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, proto, _, address = infos[0]
        # with proto set, asyncio turns Nagle off (TCP_NODELAY): no 40 ms stall per request
        listener = socket.socket(family, socket.SOCK_STREAM, proto)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # answers go out at once: connections accepted from a socket we made ourselves do not
        # get uvicorn's TCP_NODELAY, and Nagle + delayed ACK add 40 ms to every small answer
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        reason = "is in use" if getattr(exc, "errno", None) == 98 else f"is not usable ({exc})"
        raise ServerStartError(f"{host}:{port} {reason}; choose another --host or --port"
                               ) from exc
    return listener
