"""Fee assessment from a published schedule: deterministic, in integer baisa (1 OMR = 1000).

The permit server assesses with this code and the desktop previews with the same code offline,
so both always agree. A schedule is JSON (resources/fees/demo-schedule.json is the illustrative
demo one); each item has a basis:
  flat              amount_baisa once
  per_m2            rates_baisa_by_use_class[use class] x gross area, rounded half up
  per_resubmission  amount_baisa x the review cycles the consultant's corrections opened
  percent_of        percent of another item's amount, rounded half up
Items whose quantity is zero are left out of the assessment.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from review.errors import PlanReviewError

BASES = ("flat", "per_m2", "per_resubmission", "percent_of")
STAGES = ("application", "permit")


class FeeScheduleError(PlanReviewError):
    """The fee schedule cannot be read or the application lacks what an item needs."""


@dataclass(frozen=True)
class FeeRule:
    code: str
    stage: str
    basis: str
    description_en: str
    description_ar: str
    amount_baisa: int = 0
    rates_baisa_by_use_class: dict[str, int] = field(default_factory=dict)
    of: str = ""
    percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class FeeSchedule:
    version: str
    currency: str
    illustrative: bool
    notice_en: str
    notice_ar: str
    rules: tuple[FeeRule, ...]

    @property
    def use_classes(self) -> tuple[str, ...]:
        return tuple(sorted({u for r in self.rules for u in r.rates_baisa_by_use_class}))


@dataclass(frozen=True)
class FeeBasis:
    """What of an application the assessment looks at."""

    use_class: str
    gross_area_m2: Decimal
    # review cycles opened by resubmitting corrections (workflow.chargeable_resubmissions);
    # cycles the authority opened itself (a supervisor's send_back) are not charged
    resubmissions: int = 0


@dataclass(frozen=True)
class AssessedFee:
    code: str
    stage: str
    basis: str
    description_en: str
    description_ar: str
    quantity: Decimal
    rate_baisa: int
    amount_baisa: int
    schedule_version: str


def assess(schedule: FeeSchedule, basis: FeeBasis) -> tuple[AssessedFee, ...]:
    """The fees this application owes under the schedule, in schedule order."""
    amounts: dict[str, int] = {}
    assessed: list[AssessedFee] = []
    for rule in schedule.rules:
        quantity, rate = _quantity_and_rate(rule, basis, amounts)
        amount = _round(quantity * rate)
        amounts[rule.code] = amount
        if quantity == 0:
            continue
        assessed.append(AssessedFee(rule.code, rule.stage, rule.basis, rule.description_en,
                                    rule.description_ar, quantity, rate, amount,
                                    schedule.version))
    return tuple(assessed)


def _quantity_and_rate(rule: FeeRule, basis: FeeBasis,
                       amounts: dict[str, int]) -> tuple[Decimal, int]:
    if rule.basis == "flat":
        return Decimal(1), rule.amount_baisa
    if rule.basis == "per_resubmission":
        return Decimal(max(0, basis.resubmissions)), rule.amount_baisa
    if rule.basis == "per_m2":
        if basis.use_class not in rule.rates_baisa_by_use_class:
            known = ", ".join(sorted(rule.rates_baisa_by_use_class))
            raise FeeScheduleError(f"the fee schedule has no {rule.code} rate for use class"
                                   f" '{basis.use_class}' (it knows: {known})")
        return basis.gross_area_m2, rule.rates_baisa_by_use_class[basis.use_class]
    # percent_of: the rate is the other item's amount, the quantity the fraction of it
    return rule.percent / 100, amounts.get(rule.of, 0)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def total_baisa(fees: tuple[AssessedFee, ...]) -> int:
    return sum(fee.amount_baisa for fee in fees)


def format_omr(baisa: int) -> str:
    """'1,234.500 OMR': three decimals, as Omani rials are written."""
    sign = "-" if baisa < 0 else ""
    rials, rest = divmod(abs(baisa), 1000)
    return f"{sign}{rials:,}.{rest:03d} OMR"


def parse_schedule(data: dict[str, Any]) -> FeeSchedule:
    """A FeeSchedule from its JSON form; FeeScheduleError names what is wrong."""
    try:
        if data.get("schema_version") != 1:
            raise FeeScheduleError("unsupported fee schedule schema_version"
                                   f" {data.get('schema_version')!r} (this program reads 1)")
        rules = tuple(_parse_rule(item) for item in data["items"])
        codes = [r.code for r in rules]
        for rule in rules:
            if rule.basis == "percent_of" and rule.of not in codes[:codes.index(rule.code)]:
                raise FeeScheduleError(f"fee {rule.code} is a percent of {rule.of!r}, which must"
                                       " be an earlier item of the schedule")
        return FeeSchedule(str(data["version"]), str(data.get("currency", "OMR")),
                           bool(data.get("illustrative", False)), str(data.get("notice_en", "")),
                           str(data.get("notice_ar", "")), rules)
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise FeeScheduleError(f"the fee schedule is malformed ({type(exc).__name__}: {exc})"
                               ) from exc


def _parse_rule(item: dict[str, Any]) -> FeeRule:
    basis, stage = item["basis"], item.get("stage", "permit")
    if basis not in BASES:
        raise FeeScheduleError(f"fee {item.get('code')}: unknown basis {basis!r}")
    if stage not in STAGES:
        raise FeeScheduleError(f"fee {item.get('code')}: unknown stage {stage!r}")
    return FeeRule(
        code=str(item["code"]), stage=stage, basis=basis,
        description_en=str(item["description_en"]), description_ar=str(item["description_ar"]),
        amount_baisa=int(item.get("amount_baisa", 0)),
        rates_baisa_by_use_class={str(k): int(v) for k, v in
                                  item.get("rates_baisa_by_use_class", {}).items()},
        of=str(item.get("of", "")), percent=Decimal(str(item.get("percent", "0"))))


def load_schedule(path: Path | str) -> FeeSchedule:
    try:
        return parse_schedule(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError) as exc:
        raise FeeScheduleError(f"cannot read the fee schedule {path}: {exc}") from exc


def demo_schedule_json() -> dict[str, Any]:
    text = resources.files("resources").joinpath("fees/demo-schedule.json").read_text("utf-8")
    return json.loads(text)


def demo_schedule() -> FeeSchedule:
    """The illustrative schedule shipped with the reference server."""
    return parse_schedule(demo_schedule_json())
