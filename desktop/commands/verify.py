"""`planreview verify FILE.pdf [--trust CA.pem]`: is this a genuine, unchanged approved set?

Exit status 0 when valid, 1 when not (with the reasons), 2 when the file or the root
certificate cannot be read at all.
"""
from __future__ import annotations

from pathlib import Path

from desktop.commands.arguments import absolute_path
from desktop.commands.errors import UsageError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "verify", help="check an approved set's signature and print the permit it certifies")
    parser.add_argument("file", type=absolute_path, help="the signed approved set (PDF)")
    parser.add_argument("--trust", metavar="CA.pem", type=absolute_path,
                        help="the issuing authority's root certificate (default: the"
                             " development CA of the local permit server, when there is one)")


def run(args) -> int:
    from review.verify import verify_approved_set

    result = verify_approved_set(Path(args.file), _trust_root(args.trust))
    if result.valid:
        print("valid: signed by a trusted authority, timestamped, unchanged since signing")
    else:
        print("NOT VALID:")
        for problem in result.problems:
            print(f"  - {problem}")
    for label, value in (("permit", result.permit_no), ("approver", result.approver),
                         ("issued", result.issued), ("signed by", result.signer),
                         ("timestamp", result.timestamp.isoformat(timespec="seconds")
                          if result.timestamp else None),
                         ("level", f"PAdES {result.level}" if result.level else None),
                         ("check online", result.verify_url)):
        if value:
            print(f"{label + ':':<13} {value}")
    return 0 if result.valid else 1


def _trust_root(given: str | None) -> Path:
    if given:
        return Path(given)
    from desktop.logsetup import data_dir
    from review.signing import CA_FOLDER, ROOT_FILE

    local = data_dir() / "server" / CA_FOLDER / ROOT_FILE
    if local.is_file():
        return local
    raise UsageError("give the issuing authority's root certificate with --trust CA.pem")
