"""Approved sets made for tests: a development CA and a stamped, certified set of sample sheets."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pymupdf

from review.approved_set import Approval, ApprovedSet, build_approved_set
from review.samples import SampleSheet, write_sample_plan_set
from review.signing import SigningIdentity, development_identity

APPROVAL = Approval(permit_no="BP-2025-0042", approver="سالم الهنائي (Salim Al Hinai)",
                    issued=date(2025, 5, 1), server_url="https://permits.example.test/")


def sources(folder: Path) -> list[Path]:
    """Two drawings: an A1 plan set of two sheets and a portrait sheet shown rotated."""
    folder.mkdir(parents=True, exist_ok=True)
    plans = write_sample_plan_set(folder / "plans.pdf", (
        SampleSheet("A-101", "GROUND FLOOR PLAN", "architectural"),
        SampleSheet("S-101", "FOUNDATION PLAN", "structural")))
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=1191)
    page.draw_rect(pymupdf.Rect(40, 40, 802, 1151), color=(0, 0, 0), width=1)
    page.insert_text((60, 80), "SITE PLAN", fontsize=24)
    page.set_rotation(90)
    rotated = folder / "site.pdf"
    doc.save(rotated)
    doc.close()
    return [plans, rotated]


def build(folder: Path, identity: SigningIdentity | None = None) -> ApprovedSet:
    identity = identity or development_identity(folder / "authority")
    return build_approved_set(sources(folder / "sources"), APPROVAL, identity,
                              folder / "approved-set.pdf")
