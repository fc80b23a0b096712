"""Translated names of application states, decisions, history actions and disciplines, and
server times shown in the user's local time and language.

Each text is written out in a translate() call of its own, so lupdate finds it; an unknown
value (a newer server) is shown as it came.
"""
from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from desktop import i18n
from desktop.logsetup import data_dir
from review.markups import load_disciplines
from review.workflow import Decision, State

translate = QCoreApplication.translate


def state_name(state: str) -> str:
    names = {
        State.DRAFT: translate("ApplicationState", "Draft"),
        State.SUBMITTED: translate("ApplicationState", "Submitted"),
        State.RETURNED: translate("ApplicationState", "Returned to consultant"),
        State.IN_REVIEW: translate("ApplicationState", "In review"),
        State.CORRECTIONS_REQUIRED: translate("ApplicationState", "Corrections required"),
        State.PENDING_PAYMENT: translate("ApplicationState", "Pending payment"),
        State.PENDING_APPROVAL: translate("ApplicationState", "Pending approval"),
        State.APPROVED: translate("ApplicationState", "Approved"),
        State.ISSUED: translate("ApplicationState", "Permit issued"),
        State.REJECTED: translate("ApplicationState", "Rejected"),
        State.WITHDRAWN: translate("ApplicationState", "Withdrawn"),
    }
    return names.get(state, state or "")


def decision_name(decision: str | None) -> str:
    names = {
        Decision.APPROVED: translate("Workflow", "Approved"),
        Decision.APPROVED_WITH_COMMENTS: translate("Workflow", "Approved with comments"),
        Decision.REVISION_REQUIRED: translate("Workflow", "Revision required"),
        Decision.REJECTED: translate("Workflow", "Rejected"),
        Decision.NOT_REQUIRED: translate("Workflow", "Not required"),
    }
    if not decision:
        return translate("Workflow", "Pending")
    return names.get(decision, decision)


def action_name(action: str) -> str:
    """What a history entry records: a state-table action or another audited change."""
    names = {
        "create": translate("HistoryAction", "Application created"),
        "submit": translate("HistoryAction", "Submitted"),
        "resubmit": translate("HistoryAction", "Resubmitted"),
        "withdraw": translate("HistoryAction", "Withdrawn"),
        "accept": translate("HistoryAction", "Accepted at intake"),
        "return": translate("HistoryAction", "Returned to consultant"),
        "reject": translate("HistoryAction", "Rejected"),
        "require_corrections": translate("HistoryAction", "Corrections required"),
        "complete_review": translate("HistoryAction", "Review completed"),
        "fees_paid": translate("HistoryAction", "Fees paid"),
        "approve": translate("HistoryAction", "Approved"),
        "send_back": translate("HistoryAction", "Sent back for review"),
        "send_back_for_corrections": translate("HistoryAction", "Sent back for corrections"),
        "issue": translate("HistoryAction", "Permit issued"),
        "send_back_for_replacement": translate("HistoryAction",
                                               "Sent back for a drawing to be replaced"),
        "approved_set_failed": translate("HistoryAction", "Approved set failed"),
        "close_cycle": translate("HistoryAction", "Review cycle closed"),
        "approved_set": translate("HistoryAction", "Approved set stamped and signed"),
        "assess_fees": translate("HistoryAction", "Fees assessed"),
        "invoice": translate("HistoryAction", "Invoice issued"),
        "payment": translate("HistoryAction", "Payment received"),
        "refund": translate("HistoryAction", "Payment refunded"),
        "waive_fee": translate("HistoryAction", "Fee waived"),
        "waiver_requested": translate("HistoryAction", "Waiver asked for"),
        "fees_owed": translate("HistoryAction", "Fees owed again"),
        "close_accounts": translate("HistoryAction", "Account settled on closing"),
        "decision": translate("HistoryAction", "Discipline decision"),
        "reopen_review": translate("HistoryAction", "Decision reopened"),
        "document": translate("HistoryAction", "Drawing uploaded"),
        "gross_area": translate("HistoryAction", "Gross area changed"),
    }
    return names.get(action, action)


def use_class_name(use_class: str) -> str:
    names = {
        "residential": translate("Workflow", "Residential"),
        "commercial": translate("Workflow", "Commercial"),
        "industrial": translate("Workflow", "Industrial"),
        "mixed_use": translate("Workflow", "Mixed use"),
        "public": translate("Workflow", "Public"),
    }
    return names.get(use_class, use_class)


def discipline_name(discipline: str) -> str:
    if discipline == "intake":
        return translate("Workflow", "Intake")
    known = _disciplines(data_dir() / "disciplines.json").get(discipline)
    if known is None:
        return discipline
    return known.name_ar if i18n.current_language() == "ar" else known.name_en


def _disciplines(user_file: Path):
    """The disciplines with the user's additions, read again only when that file changes (the
    tables ask for a name per row)."""
    stamp = user_file.stat().st_mtime_ns if user_file.is_file() else None
    return _read_disciplines(user_file, stamp)


@lru_cache(maxsize=4)
def _read_disciplines(user_file: Path, _stamp: int | None):
    return load_disciplines(user_file)


def when_text(iso: str | None) -> str:
    """A server timestamp (ISO 8601, UTC) as a short local date and time in the UI language."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.systemTimeZone())
    return QLocale(i18n.current_language()).toString(stamp, "yyyy-MM-dd HH:mm")
