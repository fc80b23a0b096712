"""`planreview consultant ...`: a consultant office's work against a permit server.

login once (the refresh token goes to the system keyring), then submit, status, corrections,
resubmit and pay. Each command can be run again after an interruption: nothing is done twice
and uploads continue where they stopped.
"""
from __future__ import annotations

import getpass
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from desktop.commands.arguments import absolute_path
from desktop.commands.errors import UsageError
from review.text_safety import single_line

PASSWORD_VARIABLE = "PLANREVIEW_PASSWORD"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "consultant", help="submit drawings, follow and pay as a consultant office")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))

    login = actions.add_parser("login", help="log in to a permit server and remember it")
    login.add_argument("--server", required=True, help="permit server URL, e.g. http://127.0.0.1:8765")
    login.add_argument("--user", required=True)
    login.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input")
    login.add_argument("--no-remember", action="store_true",
                       help="do not keep the login in the system keyring")

    submit = actions.add_parser("submit", help="create an application, upload drawings, submit")
    submit.add_argument("--title", required=True, help="project title, e.g. 'Villa G+1'")
    submit.add_argument("--owner", required=True, help="owner's name")
    for field in ("governorate", "wilayat", "area", "block", "plot"):
        submit.add_argument(f"--{field}", required=True, help=f"plot {field}")
    submit.add_argument("--use-class", required=True, help="e.g. residential, commercial")
    submit.add_argument("--floors", required=True, type=int)
    submit.add_argument("--gross-area", required=True, help="gross floor area in m2")
    submit.add_argument("--estimated-cost", required=True, help="estimated cost in OMR")
    _document_option(submit)

    status = actions.add_parser("status", help="state, history and fees of an application")
    status.add_argument("application", help="reference (MM-2026-000123) or id")
    status.add_argument("--json", action="store_true", help="print JSON")

    corrections = actions.add_parser(
        "corrections", help="download released comments, marked-up PDFs and the letter")
    corrections.add_argument("application", help="reference or id")
    corrections.add_argument("-o", "--output", required=True, type=absolute_path, help="folder")

    resubmit = actions.add_parser("resubmit", help="upload revised drawings and resubmit")
    resubmit.add_argument("application", help="reference or id")
    resubmit.add_argument("--note", default="", help="note to the reviewers")
    _document_option(resubmit)

    pay = actions.add_parser("pay", help="pay an invoice from the office account")
    pay.add_argument("invoice", help="invoice id")


def _document_option(parser) -> None:
    parser.add_argument(
        "--document", nargs=2, action="append", required=True, metavar=("KIND", "FILE"),
        help="a drawing or document: KIND is architectural, structural, site, title_deed,"
             " soil_report or other; the sheet number is the file name without extension")


def run(args) -> int:
    return {"login": _login, "submit": _submit, "status": _status,
            "corrections": _corrections, "resubmit": _resubmit, "pay": _pay}[args.action](args)


def _login(args) -> int:
    from sync.auth import AuthSession
    from sync.client import PermitClient

    password = (sys.stdin.readline().rstrip("\n") if args.password_stdin
                else getpass.getpass(f"password for {args.user}: "))
    auth = AuthSession(PermitClient(args.server))
    auth.login(args.user, password, remember=not args.no_remember)
    _session_file().parent.mkdir(parents=True, exist_ok=True)
    _session_file().write_text(json.dumps({"server": args.server, "user": args.user}))
    me = auth.client.get_json("/v1/me")
    office = (me.get("office") or {}).get("name") or me.get("role", "")
    print(f"logged in to {args.server} as {args.user} ({office})")
    if auth.store.notice:
        print(f"note: {auth.store.notice}", file=sys.stderr)
    return 0


def _submit(args) -> int:
    from sync.consultant import ApplicationDraft, Plot

    draft = ApplicationDraft(
        title=args.title, owner_name=args.owner,
        plot=Plot(args.governorate, args.wilayat, args.area, args.block, args.plot),
        use_class=args.use_class, floors=args.floors, gross_area_m2=_area(args.gross_area),
        estimated_cost_baisa=_baisa(args.estimated_cost))
    service = _service()
    result = service.submit(draft, _drawings(args.document), progress=_progress)
    app = result.application
    if result.already_submitted:
        print(f"{app.get('ref', app['id'])} was already submitted; it is {app['state']}")
    else:
        resumed = f" ({result.resumed} resumed)" if result.resumed else ""
        print(f"submitted {app.get('ref', app['id'])} with {result.uploaded} document(s){resumed};"
              f" state {app['state']}")
    return 0


def _status(args) -> int:
    info = _service().status(args.application)
    if args.json:
        json.dump(info, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    app = info["application"]
    print(f"{app.get('ref', app['id'])}: {app['state']}")
    for event in info["history"]:
        states = f"{event.get('from_state') or '-'} -> {event.get('to_state')}"
        actor = single_line(event.get("actor") or "the server")
        note = single_line(event.get("note") or "")
        print(f"  {event.get('at', '')}  {event.get('action', '')}: {states}  by {actor}"
              f"  {note}".rstrip())
    for fee in info["fees"]:
        invoice = f" (invoice {fee['invoice_id']})" if fee.get("invoice_id") else ""
        print(f"  fee {fee['code']}: {fee['amount_omr']} {fee['status']}{invoice}")
    return 0


def _corrections(args) -> int:
    package = _service().download_corrections(args.application, Path(args.output))
    for path in package.written:
        print(path)
    for note in package.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _resubmit(args) -> int:
    result = _service().resubmit(args.application, _drawings(args.document), args.note,
                                 progress=_progress)
    app = result.application
    print(f"resubmitted {app.get('ref', app['id'])} with {result.uploaded} document(s);"
          f" state {app['state']}")
    return 0


def _pay(args) -> int:
    payment = _service().pay(args.invoice)
    print(f"paid {payment['amount_omr']} OMR (payment {payment['id']})")
    return 0


def _service():
    from desktop.logsetup import data_dir
    from review.store import LocalStore
    from sync.api import PermitApi
    from sync.auth import AuthSession
    from sync.client import PermitClient
    from sync.consultant import ConsultantService
    from sync.errors import NotLoggedInError
    from sync.transfers import Transfers

    if not _session_file().is_file():
        raise UsageError("not logged in: run `planreview consultant login --server URL --user NAME`")
    session = json.loads(_session_file().read_text())
    client = PermitClient(session["server"])
    auth = AuthSession(client)
    password = os.environ.get(PASSWORD_VARIABLE)
    if password and not auth.store.persistent:
        # No keyring to keep the login between commands (a headless server, CI): the
        # password from the environment logs each command in, and is never stored.
        auth.login(session["user"], password, remember=False)
    else:
        try:
            auth.resume(session["user"])
        except NotLoggedInError as exc:
            if auth.store.persistent:
                raise
            raise UsageError(f"{exc}; or set {PASSWORD_VARIABLE} for each command") from None
    store = LocalStore(data_dir() / "sync.sqlite")
    return ConsultantService(PermitApi(client), Transfers(store, client, data_dir() / "cache"))


def _session_file() -> Path:
    from desktop.logsetup import data_dir

    return data_dir() / "consultant.json"


def _drawings(documents):
    from sync.consultant import Drawing

    return [Drawing.from_file(Path(absolute_path(path)), kind) for kind, path in documents]


def _baisa(omr: str) -> int:
    try:
        amount = Decimal(omr)
    except InvalidOperation:
        raise UsageError(f"not an amount in OMR: {omr}") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.001")):
        raise UsageError(f"an amount in OMR has at most three decimals and is not negative: {omr}")
    return int(amount * 1000)


def _area(text: str) -> Decimal:
    try:
        area = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"not an area in m2: {text}") from None
    if area <= 0:
        raise UsageError(f"the gross area must be more than 0 m2: {text}")
    return area


def _progress(name: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{name}: {100 * done // max(total, 1)}%", end="" if done < total else "\n",
              file=sys.stderr, flush=True)
