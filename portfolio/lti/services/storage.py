"""Launch state in the database, so a cross-site launch needs no session cookie.

The platform's launch POST arrives cross-site, where a ``SameSite=Lax`` session
cookie is not sent; nonces and launch data therefore live in ``lti_launch_value``
rows. A nonce is consumed when it is checked: the same id_token a second time is
refused ("Invalid Nonce").
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pylti1p3.launch_data_storage.base import LaunchDataStorage
from sqlalchemy import delete

from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.lti.models import LtiLaunchValue

DEFAULT_LIFETIME = 86400  # seconds; the library's own default for launch data
MAX_KEY = 200


class DatabaseLaunchStorage(LaunchDataStorage[Any]):
    """pylti1p3 launch storage over ``lti_launch_value`` (one row per key)."""

    def __init__(self, session: Session) -> None:
        """Keep values in ``session``; the request edge commits them."""
        super().__init__()
        self._db = session

    def get_session_cookie_name(self) -> None:
        """No cookie: keys are global (nonces and launch ids are random)."""
        return None

    def can_set_keys_expiration(self) -> bool:
        """Rows carry their own expiry."""
        return True

    def _row(self, key: str) -> LtiLaunchValue | None:
        """The live row for ``key``, if any."""
        row = self._db.get(LtiLaunchValue, self._prepare_key(key)[:MAX_KEY])
        if row is None or as_utc(row.expires_at) <= utcnow():
            return None
        return row

    def get_value(self, key: str) -> Any:
        """The stored value, or None when missing or expired."""
        row = self._row(key)
        return json.loads(row.value) if row is not None else None

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        """Store ``value`` for ``exp`` seconds (a day by default)."""
        name = self._prepare_key(key)[:MAX_KEY]
        expires = utcnow() + timedelta(seconds=exp or DEFAULT_LIFETIME)
        row = self._db.get(LtiLaunchValue, name)
        if row is None:
            self._db.add(
                LtiLaunchValue(key=name, value=json.dumps(value), expires_at=expires)
            )
        else:
            row.value, row.expires_at = json.dumps(value), expires
        self._db.flush()

    def check_value(self, key: str) -> bool:
        """Whether ``key`` is live, consuming it (the library checks only nonces)."""
        row = self._row(key)
        if row is None:
            return False
        self._db.delete(row)
        self._db.flush()
        return True


def purge_expired(session: Session) -> int:
    """Delete expired launch values; returns how many went."""
    result = session.execute(
        delete(LtiLaunchValue).where(LtiLaunchValue.expires_at <= utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
