"""Adaptive practice: the next scenario targets the learner's most frequent findings.

Pure and deterministic: the same run history always gives the same plan, so a learner
and their assessor see the same suggestion and the same scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WINDOW = 3  # how many recent runs are looked at
# Which complications exercise a finding, and how the finding reads in a sentence.
TARGETS: dict[str, tuple[tuple[str, ...], str]] = {
    "MP4.stock-before-confirm": (("stock_shortage",), "skipped stock checks"),
    "MP4.stock-unchecked-submit": (("stock_shortage",), "skipped stock checks"),
    "MP4.shortage-ignored": (("stock_shortage",), "let a stock shortage pass"),
    "MP4.discontinued": (("wrong_product_code",), "kept a discontinued code"),
    "MP1.line-missing": (("wrong_product_code",), "missed or mistyped a line"),
    "MP1.line-extra": (("wrong_product_code",), "missed or mistyped a line"),
    "MP1.requirement-guessed": (
        ("ambiguous_requirement",),
        "guessed instead of asking the customer",
    ),
    "MP1.delivery-address": (("address_differs",), "used the wrong address"),
    "MP4.credit-hold": (("credit_problem",), "went on past a credit problem"),
    "MP4.approval-missing": (
        ("discount_over_authority",),
        "went ahead without the approval needed",
    ),
    "MP4.approval-before-confirm": (
        ("discount_over_authority",),
        "confirmed before the approval came",
    ),
    "MP4.identity-check": (("unauthorised_caller",), "skipped the caller check"),
    "MP4.unauthorised-contact": (
        ("unauthorised_caller",),
        "took an order from someone not authorised",
    ),
    "MP2.no-accepted-confirmation": (
        ("quantity_change",),
        "submitted without an accepted confirmation",
    ),
    "MP2.submit-unconfirmed": (
        ("quantity_change",),
        "submitted without an accepted confirmation",
    ),
    "MP3.follow-up-missing": (("supplier_delay",), "missed a follow-up"),
    "MP3.follow-up-late": (("supplier_delay",), "followed up late"),
    "MP3.follow-up-incomplete": (
        ("delivery_query",),
        "left follow-up records incomplete",
    ),
    "MP3.interaction-unrecorded": (
        ("delivery_query",),
        "left a conversation unrecorded",
    ),
    "MP3.issue-missing": (("supplier_delay",), "did not log an issue"),
}


@dataclass(frozen=True)
class PastRun:
    """What practice needs of a finished run: its id, type and failed checks."""

    run_id: int
    order_type: str
    failed_rules: tuple[str, ...]


@dataclass(frozen=True)
class PracticePlan:
    """The next scenario to practise and the one-line reason for it."""

    order_type: str
    difficulty: str
    seed: int
    complications: tuple[str, ...]
    reason: str
    rule: str = ""


def plan_practice(
    history: Sequence[PastRun], *, max_seed: int, default_type: str = "standard"
) -> PracticePlan:
    """The scenario that targets the most frequent finding of the last runs.

    ``history`` is oldest first. Ties go to the finding seen most recently, then
    to the rule's name, so the plan never depends on dictionary order.
    """
    recent = list(history[-WINDOW:])
    seed = (sum(r.run_id for r in recent) * 7919 + len(history)) % (max_seed + 1)
    counts: dict[str, tuple[int, int]] = {}
    for age, run in enumerate(reversed(recent)):
        for rule in dict.fromkeys(r for r in run.failed_rules if r in TARGETS):
            n, newest = counts.get(rule, (0, age))
            counts[rule] = (n + 1, min(newest, age))
    if not counts:
        kind = recent[-1].order_type if recent else default_type
        why = (
            "because your last runs met every marking point: try a harder one"
            if recent
            else "because this is a good first scenario"
        )
        return PracticePlan(kind, "hard" if recent else "easy", seed, (), why)
    rule = min(counts, key=lambda r: (-counts[r][0], counts[r][1], r))
    complications, phrase = TARGETS[rule]
    kind = next(r.order_type for r in reversed(recent) if rule in r.failed_rules)
    times = counts[rule][0]
    reason = f"because you {phrase} in {times} of your last {len(recent)} runs"
    return PracticePlan(kind, "medium", seed, complications, reason, rule)
