"""Server test fixtures: every test gets its own server, on SQLite and on PostgreSQL.

The PostgreSQL variant runs when PLANREVIEW_TEST_POSTGRES_URL is set (tools/with-postgres.sh
sets it) and gives each server its own schema, so parallel workers never share tables.
"""
from __future__ import annotations

import pytest

from tests.sync.server.support import User, running_server, server_settings

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASES)
def settings(request, tmp_path):
    with server_settings(request.param, tmp_path) as settings:
        yield settings


@pytest.fixture
def server(settings):
    with running_server(settings) as running:
        yield running


class Users(dict):
    """Logged-in demo users by name, logged in on first use."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url

    def __missing__(self, name: str) -> User:
        self[name] = User(self.url, name)
        return self[name]


@pytest.fixture
def users(server):
    return Users(server.url)
