"""Through every API route that takes an id, another learner's object is a 404."""

from __future__ import annotations

import re

import pytest

from tests.web.test_access_matrix import MATRIX, _url, world  # noqa: F401

# Valid bodies, so that the scope check (not input validation) is what refuses.
BODIES = {
    "/api/v1/assessment/items/<int:item_id>/decision": {
        "judgements": [{"criterion": "K1", "decision": "met"}],
        "outcome": "accept",
        "expected_version": 1,
    },
    "/api/v1/assessment/learners/<int:learner_id>/discussions": {
        "held_on": "2026-11-01",
        "duration_minutes": 10,
        "questions": "Q",
        "answers": "A",
        "criteria": ["K1"],
    },
    "/api/v1/assessment/learners/<int:learner_id>/sign-off": {"declared": True},
    "/api/v1/assessment/learners/<int:learner_id>/unlock": {"reason": "Typo"},
    "/api/v1/assessment/samples/<int:sample_id>/decision": {
        "action": "agree",
        "expected_version": 1,
    },
    "/api/v1/evidence/<int:item_id>/claims": {"claims": []},
    "/api/v1/runs/<int:run_id>/actions": {"kind": "read_brief"},
}
# Ids that are the caller's own by design, or objects that belong to nobody.
NOT_A_LEARNERS_OBJECT = {
    "/api/v1/tokens/<int:token_id>",
    "/api/v1/framework/units/<int:unit_id>",
}
WITH_ID = sorted(
    (rule, method)
    for rule, spec in MATRIX.items()
    if rule.startswith("/api/") and "<" in rule and rule not in NOT_A_LEARNERS_OBJECT
    for method in spec
    if method.isupper()
)


def test_every_api_route_with_an_id_is_covered(world) -> None:  # noqa: F811
    app = world[0]
    served = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/") and re.search(r"<", r.rule)
    }
    assert served - NOT_A_LEARNERS_OBJECT == {rule for rule, _m in WITH_ID}


@pytest.mark.parametrize("caller", ["learner_b", "assessor_b"])
@pytest.mark.parametrize(("rule", "method"), WITH_ID)
def test_another_learners_object_is_404(world, rule, method, caller) -> None:  # noqa: F811
    """learner_b and assessor_b (whose caseload is learner_b) see nothing of learner's."""
    app, ids, _emails, tokens, plain = world
    url = _url(rule, caller, ids, tokens)
    resp = app.test_client().open(
        url,
        method=method,
        json=BODIES.get(rule, {}) if method in {"POST", "PUT"} else None,
        headers={"Authorization": f"Bearer {plain[caller]}"},
    )
    assert resp.status_code == 404, resp.get_data(as_text=True)[:300]
    assert resp.get_json()["code"] == 404
