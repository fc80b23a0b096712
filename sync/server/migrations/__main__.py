"""Alembic's command line on the permit server's migrations, for developers:

    .venv/bin/python -m sync.server.migrations revision -m "what changes" --autogenerate
    .venv/bin/python -m sync.server.migrations history | heads | check

The commands run against a scratch SQLite database upgraded to the head revision first, so
--autogenerate writes what the models have that the head does not (numbered after the head).
Real databases are upgraded by the server itself (`planreview server --upgrade-only`).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import CommandLine

from sync.server.db import Database
from sync.server.migrations import migration_connection, alembic_config
from sync.server.settings import ServerSettings


def main(argv: list[str] | None = None) -> int:
    cli = CommandLine(prog="python -m sync.server.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("name a command, e.g. revision -m MESSAGE --autogenerate")
    with tempfile.TemporaryDirectory() as scratch:
        db = Database(ServerSettings(data_dir=Path(scratch)))
        try:
            with migration_connection(db) as connection:
                config = alembic_config(connection)
                config.cmd_opts = options
                command.upgrade(config, "head")
                cli.run_cmd(config, options)
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
