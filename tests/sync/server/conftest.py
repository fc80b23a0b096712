"""Server test fixtures: every test gets its own server, on SQLite and on PostgreSQL.

The PostgreSQL variant runs when PLANREVIEW_TEST_POSTGRES_URL is set (tools/with-postgres.sh
sets it) and gives each test its own schema, so parallel workers never share tables.
"""
from __future__ import annotations

import os
import uuid

import pytest

from sync.server.settings import ServerSettings
from tests.sync.server.support import User, running_server

POSTGRES_ENV = "PLANREVIEW_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request, tmp_path):
    options = {}
    if request.param == "postgresql":
        url = os.environ.get(POSTGRES_ENV)
        if not url:
            pytest.skip(f"{POSTGRES_ENV} is not set (tools/with-postgres.sh sets it)")
        options = {"database_url": url, "database_schema": f"t_{uuid.uuid4().hex[:16]}"}
    yield ServerSettings(data_dir=tmp_path / "server-data", argon2_time_cost=1,
                         argon2_memory_kib=8192, **options)
    if request.param == "postgresql":
        import psycopg

        with psycopg.connect(options["database_url"], autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{options["database_schema"]}" CASCADE')


@pytest.fixture
def server(settings):
    with running_server(settings) as running:
        yield running


@pytest.fixture
def users(server):
    """Logged-in demo users by name (created on first use)."""
    cache: dict[str, User] = {}

    class Users(dict):
        def __missing__(self, name):
            cache[name] = User(server.url, name)
            return cache[name]

    return Users()
