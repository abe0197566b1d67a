"""Briefs read like people wrote them and never contradict the hidden truth.

The 1,000-scenario sweep reads every brief back, item by item, and checks each
stated fact against the truth unless a complication makes it differ on purpose.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from itertools import product

import pytest

from portfolio.simulator.domain import ScenarioSpec, generate_scenario
from portfolio.simulator.domain.clock import long_date
from portfolio.simulator.domain.company.catalogue import ProductKind
from portfolio.simulator.domain.money import pct_text
from portfolio.simulator.domain.people.persona import PersonaKind
from portfolio.simulator.domain.scenarios.brief_words import words_to_number
from portfolio.simulator.domain.scenarios.model import Channel
from portfolio.simulator.domain.scenarios.word_pools import VAGUE_QTY

LEAKS = re.compile(r"\bNone\b|\{|\}|\[|\]|\bnan\b|\s,|\.\.(?!\.)|  ")
DIGITS = re.compile(r"^(\d+) x (.+)$")
WORDS = re.compile(r"^(.+) - ([a-z]+), please$")
CODE = re.compile(r"\(([A-Z]{3}-[A-Z0-9-]+)\)")


def _scenarios(n: int):
    """``n`` scenarios spread over every type and difficulty."""
    combos = list(
        product(("standard", "bespoke", "urgent"), ("easy", "medium", "hard"))
    )
    for i in range(n):
        kind, level = combos[i % len(combos)]
        yield generate_scenario_cached(kind, level, i)


_COMPANY = {}


def generate_scenario_cached(kind, level, seed):
    return generate_scenario(_COMPANY["c"], ScenarioSpec(kind, level, seed))


def _segments(sc) -> list[str]:
    """The requested items as written in the brief."""
    body = sc.brief.body
    if sc.brief.channel is Channel.PHONE:
        said = re.search(r"Caller: We need (.+)\.\n", body)
        assert said, body
        return [s.strip() for s in said.group(1).split("; ")]
    return [ln[2:] for ln in body.splitlines() if ln.startswith("- ")]


def _qty_and_rest(segment: str) -> tuple[int | None, str]:
    """The quantity a segment states (None when vague) and the item text."""
    if m := DIGITS.match(segment):
        return int(m.group(1)), m.group(2)
    if m := WORDS.match(segment):
        number = words_to_number(m.group(2))
        assert number is not None, segment
        return number, m.group(1)
    vague = [v for v in VAGUE_QTY if segment.endswith(v) or f" - {v}" in segment]
    assert vague, f"no quantity in {segment!r}"
    return None, segment


def _check_items(company, sc) -> None:
    """Every item: the right quantity of the right product, or a deliberate twist."""
    t = sc.truth
    goods = [
        ln for ln in t.lines if company.product(ln.code).kind is not ProductKind.SERVICE
    ]
    segments = _segments(sc)
    assert len(segments) == len(goods), (sc.id, segments)
    twisted = {"wrong_product_code", "ambiguous_requirement", "stock_shortage"}
    for segment in segments:
        qty, rest = _qty_and_rest(segment)
        codes = CODE.findall(rest)
        line = next((ln for ln in goods if ln.code in codes), None) or next(
            (ln for ln in goods if rest.startswith(company.product(ln.code).name)), None
        )
        if line is None:
            assert twisted & set(sc.complications), (sc.id, segment)
            continue
        if qty is None:
            assert sc.truth.complication("ambiguous_requirement"), (sc.id, segment)
            continue
        expected = {line.qty}
        if t.amendment and t.amendment.code == line.code:
            expected = {t.amendment.from_qty}
        assert qty in expected, (sc.id, segment, expected)


def _check_header(company, sc) -> None:
    """Date, account, purchase order, delivery, discount, instructions, sender."""
    t, body = sc.truth, sc.brief.body
    assert company.customer(t.account).company in body, sc.id  # never misspelt
    wanted = long_date(date.fromisoformat(t.requested_date))
    moved = t.complication("ambiguous_requirement") or t.as_requested
    assert wanted in body or moved, (sc.id, wanted)
    for account in re.findall(r"\b(C\d{5})\b", body):
        assert account == t.account, sc.id
    if t.customer_ref:
        assert t.customer_ref in body, sc.id
    else:
        assert "PO" not in body.replace("Purchase order: -", ""), sc.id
    if not t.complication("address_differs"):
        assert "usual address" in body, sc.id
    else:
        assert t.delivery.postcode in body, sc.id
    pcts = {ln.discount_pct for ln in t.lines if ln.discount_pct}
    for said in re.findall(r"do (\d+(?:\.\d+)?)% off", body):
        if pct_text(max(pcts)) != said:  # a haggler's opening bid: settles when asked
            assert "discount_reason" in t.must_ask, sc.id
            assert f"settle for {pct_text(max(pcts))}%" in t.facts["discount_reason"]
    if t.instructions:
        assert t.instructions in body or t.instructions == t.facts["instructions"]
    assert sc.brief.sender in body or sc.brief.channel is Channel.WEB_FORM


@pytest.mark.slow
def test_a_thousand_briefs_agree_with_the_truth(company):
    _COMPANY["c"] = company
    channels, personas, words, typos = Counter(), Counter(), 0, 0
    for sc in _scenarios(1000):
        text = sc.brief.subject + "\n" + sc.brief.body
        assert not LEAKS.search(text), (sc.id, LEAKS.search(text))
        _check_items(company, sc)
        _check_header(company, sc)
        channels[sc.brief.channel] += 1
        personas[sc.truth.persona] += 1
        words += bool(re.search(r" - [a-z]+, please$", sc.brief.body, re.M))
        typos += any(
            x in text
            for x in (
                "follwing",
                "pleae",
                "oder ",
                "Thansk",
                "everyting",
                "detials",
                "hpoe",
            )
        )
    assert set(channels) == set(Channel), channels
    assert set(personas) == {p.value for p in PersonaKind}
    assert 100 < words < 700 and 10 < typos < 300, (words, typos)


def test_wording_varies_between_seeds_of_the_same_kind(company):
    openings = {
        generate_scenario(
            company, ScenarioSpec("standard", "easy", s)
        ).brief.body.split("\n")[2]
        for s in range(40)
    }
    assert len(openings) > 8


def test_a_vague_quantity_reads_as_a_person_would_say_it(sim):
    sc = sim.find("standard", "ambiguous_requirement", "quantity")
    body = sc.brief.body
    assert not any(f"{v} x " in body for v in VAGUE_QTY)
    assert any(f" - {v}" in body for v in VAGUE_QTY)


def test_a_forwarded_chain_is_sent_on_by_the_contact(company):
    sc = next(
        s
        for seed in range(100)
        if (
            s := generate_scenario(company, ScenarioSpec("standard", "easy", seed))
        ).brief.channel
        is Channel.FORWARDED
    )
    body = sc.brief.body
    assert sc.brief.subject.startswith("Fwd: ")
    assert "---------- Forwarded message ----------" in body
    sender = body.split("From: ")[1].split(" <")[0]
    assert sender != sc.brief.sender and f"To: {sc.brief.sender}" in body


def test_only_consumables_run_out(company):
    for seed in range(200):
        sc = generate_scenario(company, ScenarioSpec("urgent", "easy", seed))
        cats = {company.product(ln.code).category for ln in sc.truth.lines}
        if "ran out" in sc.truth.facts["need"]:
            assert cats & {"paper", "breakroom"}, (seed, cats)
