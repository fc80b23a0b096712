"""A consultant on a machine with no keyring (a headless server, CI): the password comes from
PLANREVIEW_PASSWORD for each command and is never stored."""
import keyring
import keyring.backends.fail
import pytest

from desktop.cli import main
from tests.sync.client.live_fixtures import live_server  # noqa: F401


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_commands_log_in_from_the_environment(live_server, no_keyring, monkeypatch, capsys,
                                              tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
    assert main(["consultant", "login", "--server", live_server.url, "--user", "consultant1",
                 "--password-stdin"]) == 0
    capsys.readouterr()
    assert main(["consultant", "status", "MM-2026-999999"]) == 2
    assert "PLANREVIEW_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("PLANREVIEW_PASSWORD", "demo")
    status = main(["consultant", "status", "MM-2026-999999"])
    error = capsys.readouterr().err
    assert status == 2 and "not logged in" not in error and "PLANREVIEW_PASSWORD" not in error
