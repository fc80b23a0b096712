"""schemathesis fuzzes the OpenAPI document against the real server on the demo data.

Bounded (a few examples per operation, a fixed seed) so it stays well under a minute per
database. Checks: no 5xx, and every answer matches the schema the document promises.
"""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.server.support import User, running_server

CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"


# the supervisor reaches most operations; the consultant the ones only consultants may call
FUZZED_AS = {"supervisor1": [], "consultant1": ["--include-method-regex", "POST|PUT|PATCH"]}


@pytest.mark.slow
@pytest.mark.parametrize("username", FUZZED_AS)
def test_fuzzing_the_openapi_document_finds_no_server_error(settings, tmp_path, username):
    cli = Path(sys.executable).with_name("schemathesis")
    if not cli.exists() and shutil.which("schemathesis") is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    # fuzzed logins must not lock the fuzzer's own account out
    fuzzed = dataclasses.replace(settings, login_attempts_per_user_address=1_000_000,
                                 login_attempts_per_user=1_000_000)
    with running_server(fuzzed, demo=True) as server:
        token = User(server.url, username).tokens["access_token"]
        run = subprocess.run(
            [str(cli) if cli.exists() else "schemathesis", "run",
             f"{server.url}/v1/openapi.json", "--checks", CHECKS,
             "--phases", "examples,fuzzing", "--max-examples", "5", "--seed", "20261123",
             "--generation-database", "none", "--request-timeout", "20", "--no-color",
             "--header", f"Authorization: Bearer {token}", "--workers", "1",
             # a fuzzed logout would end the fuzzer's own session: every later call a 401
             "--exclude-path", "/v1/auth/logout",
             *FUZZED_AS[username]],
            capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
