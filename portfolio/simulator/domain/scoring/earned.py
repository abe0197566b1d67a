"""Which actions earned each marking point (shown beside a point that is met)."""

from __future__ import annotations

from portfolio.simulator.domain.scoring.findings import Findings

EARNING_KINDS = {
    "MP1": ("open_customer", "set_order_header", "add_line", "update_line"),
    "MP3": ("log_follow_up", "log_issue"),
    "MP4": (
        "verify_caller",
        "check_stock",
        "request_approval",
        "acknowledge_warning",
        "put_on_hold",
    ),
}


def credit_earned(f: Findings) -> None:
    """Credit the accepted actions that show each marking point."""
    st = f.st
    for code, kinds in EARNING_KINDS.items():
        f.earn(code, *(e.seq for e in st.log if e.accepted and e.kind in kinds))
    f.earn("MP1", st.submitted_seq)
    if st.submitted is None:
        return
    rev, seq = st.submitted.revision, st.submitted_seq or 0
    accepted = [
        c
        for c in st.confirmations
        if c.reply == "accepted" and c.revision == rev and (c.replied_seq or 0) <= seq
    ]
    f.earn("MP2", *(c.seq for c in accepted[-1:]), st.submitted_seq)
