"""Validation of framework documents."""

from pathlib import Path

import pytest
import yaml

from portfolio.framework.domain.spec import FrameworkError, parse_framework

SEED = Path(__file__).resolve().parents[3] / "seeds" / "framework.yaml"


def _doc(**unit_overrides):
    unit = {
        "code": "U1",
        "title": "Unit",
        "criteria": [
            {"code": "MP1", "kind": "marking_point", "text": "Do it"},
            {
                "code": "R1",
                "kind": "range",
                "order_type": "standard",
                "text": "Standard",
            },
        ],
    }
    unit.update(unit_overrides)
    return {"units": [unit]}


def test_seed_framework_has_the_product_table() -> None:
    (unit,) = parse_framework(yaml.safe_load(SEED.read_text()))
    codes = [c.code for c in unit.criteria]
    assert codes == [
        "MP1",
        "MP2",
        "MP3",
        "MP4",
        "K1",
        "K2",
        "K3",
        "K4",
        "K5",
        "R1",
        "R2",
        "R3",
    ]
    assert {c.kind for c in unit.criteria} == {"marking_point", "knowledge", "range"}
    assert all(c.guidance for c in unit.criteria), (
        "every criterion has learner guidance"
    )
    assert [c.order_type for c in unit.criteria if c.kind == "range"] == [
        "standard",
        "bespoke",
        "urgent",
    ]
    assert unit.sufficiency["marking_point"] == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (None, "top-level 'units'"),
        ({"units": "x"}, "top-level 'units'"),
        (_doc(code=""), "'code' must be non-empty"),
        (_doc(criteria=[]), "non-empty list"),
        (_doc(criteria=[{"code": "X", "kind": "skill", "text": "t"}]), "kind 'skill'"),
        (
            _doc(criteria=[{"code": "R", "kind": "range", "text": "t"}]),
            "needs order_type",
        ),
        (
            _doc(
                criteria=[
                    {"code": "A", "kind": "knowledge", "text": "t"},
                    {"code": "A", "kind": "knowledge", "text": "u"},
                ]
            ),
            "duplicate",
        ),
        (_doc(sufficiency={"marking_point": 0}), "sufficiency"),
        ({"units": [_doc()["units"][0], _doc()["units"][0]]}, "unique"),
    ],
)
def test_malformed_documents_are_refused_with_a_reason(document, message) -> None:
    with pytest.raises(FrameworkError, match=message):
        parse_framework(document)
