"""Type aliases shared by the services of every feature."""

from __future__ import annotations

from typing import TypeAlias

from flask_sqlalchemy.session import Session as _FlaskSession
from sqlalchemy.orm import Session as _OrmSession
from sqlalchemy.orm import scoped_session

# Services accept Flask-SQLAlchemy's ``db.session`` (a scoped session) or a plain one.
Session: TypeAlias = (
    _OrmSession | scoped_session[_OrmSession] | scoped_session[_FlaskSession]
)
