"""The supervisor dashboard's figures, computed from the applications, histories and cycles."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.sync_ui.review_queue import WAITING_STATES, days_waiting
from review.workflow import FINAL_STATES, INTAKE, State


@dataclass(frozen=True)
class DashboardFigures:
    backlog_by_state: dict[str, int]
    average_days_by_stage: dict[str, float]
    decisions_by_discipline: dict[str, dict[str, int]]
    overdue: list[tuple[str, int]]  # (reference, days waiting), longest first


def _time(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def average_days_by_stage(histories: list[list[dict[str, Any]]],
                          now: datetime) -> dict[str, float]:
    """Mean days an application stays in each state, open stays counted up to now."""
    stays: dict[str, list[float]] = defaultdict(list)
    for history in histories:
        moves = [h for h in history if h["from_state"] != h["to_state"]]
        for entered, left in zip(moves, moves[1:] + [None]):
            state = entered["to_state"]
            if left is None and state in FINAL_STATES:
                continue
            end = _time(left["at"]) if left else now
            stays[state].append((end - _time(entered["at"])).total_seconds() / 86400)
    return {state: sum(days) / len(days) for state, days in stays.items()}


def dashboard_figures(apps: list[dict[str, Any]], histories: list[list[dict[str, Any]]],
                      cycles: list[list[dict[str, Any]]], sla_days: int,
                      now: datetime | None = None) -> DashboardFigures:
    now = now or datetime.now(UTC)
    backlog = Counter(a["state"] for a in apps if State(a["state"]) not in FINAL_STATES)
    decisions: dict[str, Counter] = defaultdict(Counter)
    for app_cycles in cycles:
        for cycle in app_cycles:
            for review in cycle.get("reviews", []):
                if review.get("decision") and review["discipline"] != INTAKE:
                    decisions[review["discipline"]][review["decision"]] += 1
    late = [(a["ref"], days_waiting(a, now)) for a in apps if a["state"] in WAITING_STATES]
    overdue = sorted(((ref, days) for ref, days in late if days > sla_days),
                     key=lambda item: -item[1])
    ordered = {s.value: backlog[s.value] for s in State if backlog[s.value]}
    return DashboardFigures(ordered, average_days_by_stage(histories, now),
                            {d: dict(c) for d, c in sorted(decisions.items())}, overdue)
