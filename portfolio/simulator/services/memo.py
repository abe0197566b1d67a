"""Values computed once per transaction (a rebuilt run, the content digest).

They live in ``session.info`` and are forgotten when the transaction, or a savepoint
inside it, ends: a commit, a rollback or another process's write may change them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction

from portfolio.core.typing import Session

MEMO_KEY = "simulator_memo"


def transaction_memo(session: Session) -> dict[Any, Any]:
    """The values this transaction already computed, by key."""
    memo: dict[Any, Any] = session.info.setdefault(MEMO_KEY, {})
    return memo


@event.listens_for(OrmSession, "after_transaction_end")
def _forget(session: OrmSession, transaction: SessionTransaction) -> None:
    """Forget at the end of the transaction or a savepoint (not of a flush)."""
    if transaction.parent is None or transaction.nested:
        session.info.pop(MEMO_KEY, None)
