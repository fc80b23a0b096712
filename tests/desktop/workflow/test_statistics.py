"""The dashboard's figures from fixed histories and cycles."""
from __future__ import annotations

from datetime import UTC, datetime

from desktop.workflow.statistics import average_days_by_stage, dashboard_figures

NOW = datetime(2026, 3, 31, tzinfo=UTC)


def move(frm, to, at):
    return {"action": "x", "from_state": frm, "to_state": to, "at": at}


def test_days_per_stage_count_closed_and_open_stays_but_not_final_ones():
    histories = [
        [move("DRAFT", "DRAFT", "2026-03-01T00:00:00Z"),  # an edit, not a move
         move("DRAFT", "SUBMITTED", "2026-03-01T00:00:00Z"),
         move("SUBMITTED", "IN_REVIEW", "2026-03-03T00:00:00Z"),
         move("IN_REVIEW", "REJECTED", "2026-03-13T00:00:00Z")],
        [move("DRAFT", "SUBMITTED", "2026-03-27T00:00:00Z")],  # still waiting: 4 days so far
    ]
    assert average_days_by_stage(histories, NOW) == {"SUBMITTED": 3.0, "IN_REVIEW": 10.0}


def test_figures_count_the_backlog_decisions_and_overdue_applications():
    apps = [{"ref": "MM-1", "state": "IN_REVIEW", "updated_at": "2026-03-01T00:00:00Z"},
            {"ref": "MM-2", "state": "SUBMITTED", "updated_at": "2026-03-30T00:00:00Z"},
            {"ref": "MM-3", "state": "ISSUED", "updated_at": "2026-01-01T00:00:00Z"},
            {"ref": "MM-4", "state": "CORRECTIONS_REQUIRED",
             "updated_at": "2026-01-01T00:00:00Z"}]
    cycles = [[{"reviews": [{"discipline": "intake", "decision": "APPROVED"},
                            {"discipline": "structural", "decision": "APPROVED"},
                            {"discipline": "architectural", "decision": "REVISION_REQUIRED"}]},
               {"reviews": [{"discipline": "architectural", "decision": "APPROVED"},
                            {"discipline": "structural", "decision": None}]}]]
    figures = dashboard_figures(apps, [], cycles, sla_days=10, now=NOW)
    assert figures.backlog_by_state == {"SUBMITTED": 1, "IN_REVIEW": 1,
                                        "CORRECTIONS_REQUIRED": 1}
    assert figures.decisions_by_discipline == {
        "architectural": {"REVISION_REQUIRED": 1, "APPROVED": 1}, "structural": {"APPROVED": 1}}
    assert figures.overdue == [("MM-1", 30)]  # the consultant's turn is not overdue
