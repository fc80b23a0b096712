"""`planreview server` and `--seed-demo`: clear errors, and demo data a person can use."""
from __future__ import annotations

import hashlib
import socket

from desktop.cli import main
from sync.server.seed import seed_demo
from tests.sync.server.support import User, ok, running_server


def test_a_busy_port_and_a_bad_database_are_one_line_errors(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["server", "--port", str(port), "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: 127.0.0.1:{port} is in use; choose another --host or --port")
    assert main(["server", "--port", "0", "--data", str(tmp_path),
                 "--database-url", "mysql://root@localhost/permits"]) == 2
    assert "unsupported database 'mysql'" in capsys.readouterr().err
    assert main(["server", "--port", "70000"]) == 2
    assert "--port must be 0 to 65535" in capsys.readouterr().err


def test_the_demo_has_every_role_and_applications_in_several_states(settings):
    with running_server(settings, demo=True) as server:
        seed_demo(server.ctx)  # a second seeding changes nothing
        consultant = User(server.url, "consultant1")
        states = sorted(a["state"] for a in ok(consultant.get("/v1/applications"))["items"])
        assert states == sorted(["DRAFT", "SUBMITTED", "IN_REVIEW", "CORRECTIONS_REQUIRED",
                                 "PENDING_PAYMENT", "ISSUED"])
        for name, role in (("intake1", "intake_clerk"), ("arch1", "engineer"),
                           ("struct1", "engineer"), ("supervisor1", "supervisor"),
                           ("admin1", "admin"), ("consultant2", "consultant")):
            assert User(server.url, name).me["role"] == role
        assert ok(User(server.url, "consultant2").get("/v1/applications"))["items"] == []
        assert len(ok(User(server.url, "arch1").get("/v1/applications?assigned_to=me")
                      )["items"]) == 1
        app = next(a for a in ok(consultant.get("/v1/applications"))["items"]
                   if a["state"] == "IN_REVIEW")
        documents = ok(consultant.get(f"/v1/applications/{app['id']}/documents"))["items"]
        kinds = {d["current"]["media_type"]: d["current"] for d in documents}
        assert kinds["application/pdf"]["pages"] == 5 and "image/vnd.dxf" in kinds
        for current in kinds.values():
            data = consultant.get(f"/v1/blobs/{current['sha256']}").content
            assert hashlib.sha256(data).hexdigest() == current["sha256"]

