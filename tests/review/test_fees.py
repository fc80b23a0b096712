"""Fee assessment: deterministic, integer baisa, OMR with three decimals."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.fees import (FeeBasis, FeeScheduleError, assess, demo_schedule, demo_schedule_json,
                         format_omr, parse_schedule, total_baisa)
from review.workflow import chargeable_resubmissions


def test_the_demo_schedule_says_it_is_illustrative_and_has_the_published_figures():
    schedule = demo_schedule()
    assert schedule.illustrative and "illustrative" in schedule.notice_en.lower()
    assert schedule.notice_ar
    flat = {r.code: r.amount_baisa for r in schedule.rules if r.basis != "per_m2"}
    assert flat["APPLICATION"] == 30_000 and flat["SERVICE"] == 70_000
    assert flat["RESUBMISSION"] == 5_000


def test_first_cycle_residential_villa():
    fees = assess(demo_schedule(), FeeBasis("residential", Decimal("450.25")))
    amounts = {f.code: f.amount_baisa for f in fees}
    # 450.25 m2 x 0.500 OMR = 225.125 OMR; inspection 10% of it = 22.5125 -> 22.513 OMR
    assert amounts == {"APPLICATION": 30_000, "SERVICE": 70_000, "BUILDING_AREA": 225_125,
                       "INSPECTION": 22_513}
    assert total_baisa(fees) == 347_638
    assert all(f.schedule_version == "demo-2026.1" for f in fees)


def test_resubmission_fee_is_charged_per_resubmitted_correction():
    fees = {f.code: f for f in assess(demo_schedule(), FeeBasis("commercial", Decimal(100), 2))}
    assert fees["RESUBMISSION"].quantity == 2 and fees["RESUBMISSION"].amount_baisa == 10_000
    first = {f.code for f in assess(demo_schedule(), FeeBasis("commercial", Decimal(100)))}
    assert "RESUBMISSION" not in first


def test_only_the_consultants_corrections_open_a_chargeable_cycle():
    steps = [("SUBMITTED", "accept"), ("CORRECTIONS_REQUIRED", "resubmit"),
             ("PENDING_APPROVAL", "send_back"), ("RETURNED", "resubmit"),
             ("CORRECTIONS_REQUIRED", "resubmit")]
    assert chargeable_resubmissions(steps) == 2


def test_unknown_use_class_names_the_known_ones():
    with pytest.raises(FeeScheduleError, match="residential"):
        assess(demo_schedule(), FeeBasis("castle", Decimal(10)))


@given(area=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
       resubmissions=st.integers(0, 20),
       use_class=st.sampled_from(demo_schedule().use_classes))
def test_assessment_is_deterministic_and_in_whole_baisa(area, resubmissions, use_class):
    basis = FeeBasis(use_class, area, resubmissions)
    first, second = assess(demo_schedule(), basis), assess(demo_schedule(), basis)
    assert first == second
    assert all(isinstance(f.amount_baisa, int) and f.amount_baisa >= 0 for f in first)


@pytest.mark.parametrize("baisa, text", [(0, "0.000 OMR"), (5, "0.005 OMR"),
                                         (30_000, "30.000 OMR"), (1_234_500, "1,234.500 OMR"),
                                         (-2_500, "-2.500 OMR")])
def test_omr_has_three_decimals(baisa, text):
    assert format_omr(baisa) == text


def test_malformed_schedules_are_reported():
    data = demo_schedule_json()
    with pytest.raises(FeeScheduleError, match="schema_version"):
        parse_schedule({**data, "schema_version": 9})
    with pytest.raises(FeeScheduleError, match="basis"):
        parse_schedule({**data, "items": [{**data["items"][0], "basis": "lunar"}]})
    with pytest.raises(FeeScheduleError, match="earlier item"):
        parse_schedule({**data, "items": list(reversed(data["items"]))})
    with pytest.raises(FeeScheduleError, match="malformed"):
        parse_schedule({"schema_version": 1})
