"""What one office must not learn about another's work, against the real server on loopback
(SQLite and PostgreSQL)."""
from __future__ import annotations

import uuid

from tests.sync.server.support import (add_document, create_application, drawing, problem,
                                       upload)


def _put(user, app_id: str, doc_id: str):
    up = upload(user, drawing())
    return user.put(f"/v1/applications/{app_id}/documents/{doc_id}",
                    {"upload_id": up["id"], "kind": "architectural", "sheet_no": "A-101",
                     "title": "Ground floor plan"})


def test_another_offices_document_id_answers_404_as_if_it_did_not_exist(users):
    c1, c2 = users["consultant1"], users["consultant2"]
    doc_id = str(uuid.uuid4())
    add_document(c1, create_application(c1)["id"], doc_id=doc_id)
    theirs = create_application(c2)["id"]
    taken = problem(_put(c2, theirs, doc_id), 404, "not-found")
    assert "document-id-taken" not in str(taken) and "another" not in taken["detail"]
    problem(c2.get(f"/v1/applications/{theirs}/documents/{doc_id}"), 404, "not-found")
    # the office's own document id in another of its applications is its own business
    problem(_put(c1, create_application(c1)["id"], doc_id), 409, "document-id-taken")
