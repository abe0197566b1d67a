"""IQA sampling: the sample's states, rates and selection (pure)."""

from __future__ import annotations

import pytest

from portfolio.assessment.domain.sampling import (
    SampleState,
    check_feedback,
    check_rate,
    check_verdict,
    effective_rate,
    sample_transition,
    selected_for_sampling,
)
from portfolio.errors import ConflictError, ValidationError


def test_sample_state_machine() -> None:
    assert sample_transition("due", "agree") == SampleState.AGREED
    assert sample_transition("due", "send_back") == SampleState.SENT_BACK
    for state in ("agreed", "sent_back"):
        for action in ("agree", "send_back"):
            with pytest.raises(ConflictError):
                sample_transition(state, action)
    assert SampleState.SENT_BACK.label == "Sent back"


def test_sampling_rate_and_selection() -> None:
    assert effective_rate(None, False) == 100
    assert effective_rate(10, True) == 100
    assert effective_rate(10, False) == 10
    keys = [f"decision:{i}" for i in range(2000)]
    assert all(selected_for_sampling(k, 100) for k in keys[:50])
    assert not any(selected_for_sampling(k, 0) for k in keys[:50])
    picked = sum(selected_for_sampling(k, 25) for k in keys)
    assert 400 < picked < 600  # about a quarter
    assert selected_for_sampling("decision:7", 25) == selected_for_sampling(
        "decision:7", 25
    )
    with pytest.raises(ValidationError):
        check_rate(101)


def test_verdict_and_feedback() -> None:
    assert check_verdict("agree") == "agree"
    for bad in (None, "", "maybe"):
        with pytest.raises(ValidationError, match="agree or send back"):
            check_verdict(bad)
    assert check_feedback(" ok ", "feedback", needed=False) == "ok"
    with pytest.raises(ValidationError, match="Give feedback"):
        check_feedback(" ", "feedback", needed=True)
    with pytest.raises(ValidationError, match="too long"):
        check_feedback("x" * 2001, "feedback", needed=False)
