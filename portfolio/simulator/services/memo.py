"""Values computed once per transaction, and values kept by the process.

Per transaction (a rebuilt run, the content digest): they live in ``session.info``
and are forgotten when the transaction, or a savepoint inside it, ends: a commit, a
rollback or another process's write may change them. Per process: one dictionary per
database engine (``process_memo``), for values that are checked against what is
stored before they are used, or that may lag a few seconds behind it.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction

from portfolio.core.typing import Session

MEMO_KEY = "simulator_memo"
_PROCESS: weakref.WeakKeyDictionary[Engine, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)


def transaction_memo(session: Session) -> dict[Any, Any]:
    """The values this transaction already computed, by key."""
    memo: dict[Any, Any] = session.info.setdefault(MEMO_KEY, {})
    return memo


@event.listens_for(OrmSession, "after_transaction_end")
def _forget(session: OrmSession, transaction: SessionTransaction) -> None:
    """Forget at the end of the transaction or a savepoint (not of a flush)."""
    if transaction.parent is None or transaction.nested:
        session.info.pop(MEMO_KEY, None)


def process_memo(session: Session) -> dict[str, Any]:
    """What this process keeps for the database ``session`` is bound to."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    memo = _PROCESS.get(engine)
    if memo is None:
        memo = _PROCESS.setdefault(engine, {})
    return memo
