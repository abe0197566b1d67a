"""A shared cache of whole pages, invalidated by versions of the data they show.

The heavy read pages (the caseload, the evidence queue, a learner's coverage, the
dashboards, the simulator workspace) are rendered once and served from Redis until
something they show changes. Nothing is invalidated by time alone except as a
safety net (``PAGE_CACHE_SECONDS``): every write bumps version counters, and a
page's key is built from the versions of everything it depends on.

Scopes (each a counter in Redis):
- ``l:<id>``: one learner's data: every row with a ``learner_id`` (evidence items,
  decisions, runs, enrolments, ...), its children found through their foreign
  keys (versions, claims, judgements, simulator actions, ...), the learner's own
  account, and audit events they caused (the caseload's "last activity");
- ``u:<id>``: one person's account, roles and notifications (every page shows
  the name and the navigation of its viewer);
- ``*``: everything no one learner owns (the framework, cohorts, plans), and any
  write the ORM cannot attribute, such as a bulk ``INSERT`` or a text statement;
- ``any``: bumped by every write; pages over every learner depend on it.

A page's key holds its viewer, its address, whether htmx asked for a fragment,
today's date, and the (scope, version) pairs it depends on, read *before* the page
is rendered; versions are bumped *after* the commit. A render that races a write
is therefore stored under the old versions, which no later request asks for.

What a cached page must not carry over is handled here: the viewer's CSRF token is
swapped for the current session's one; a request with flashed messages, or one a
view marks with ``unless``, is rendered fresh; a response that wrote anything, or
is not a 200 HTML page, is never stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    make_response,
    request,
    session,
)
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from redis.exceptions import RedisError
from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.util import identity_key

from portfolio.core.time import utcnow

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
ALL = "*"
ANY = "any"
# Rows no cached page shows and no session check reads.
IGNORED_TABLES = frozenset({"mail_outbox", "password_reset"})
# Rows that decide whether a signed-in session is valid: they bump ``s:<user>`` only
# (the session cache, auth.services.session_cache); bulk statements bump ``s:*``.
SESSION_TABLES = {
    "auth_session": "user_id",
    "user_role": "user_id",
    "user_account": "id",
}
SESSIONS_ALL = "s:*"
# Columns that name whose data a row is, and the scope each one bumps.
SCOPE_COLUMNS = (("learner_id", "l"), ("actor_id", "l"), ("user_id", "u"))
ACCOUNT_TABLE = "user_account"
# An account's columns other pages print (a learner's page names their assessor).
SHOWN_ACCOUNT_COLUMNS = ("email", "display_name", "job_title", "active")
# Pages bigger than this, or addresses with longer query strings, are not stored.
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_QUERY_BYTES = 512
_PENDING = "pagecache.pending"
_SCOPES = "pagecache.scopes"
_EXT = "pagecache"
# Stands in for the viewer's CSRF token inside a stored page.
_TOKEN_MARK = f"csrf-{secrets.token_hex(16)}"


class PageCache:
    """The Redis connection, key prefix and lifetime of one app's page cache."""

    def __init__(self, url: str, prefix: str, seconds: int) -> None:
        """Connect lazily (redis-py opens the socket on first use)."""
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self.seconds = seconds

    def versions(self, scopes: list[str]) -> list[int]:
        """The current version of each scope (0 for one never bumped)."""
        raw = self.redis.mget([f"{self.prefix}v:{s}" for s in scopes])
        return [int(v) if v else 0 for v in raw]

    def bump(self, scopes: Iterable[str]) -> None:
        """Move every scope (and ``any``) to a new version.

        The data is already committed: if Redis does not answer, say so in the log
        and go on (stored pages then live at most ``seconds``).
        """
        scopes = set(scopes)
        if any(not s.startswith("s:") for s in scopes):
            scopes.add(ANY)  # a session's validity alone changes no page
        pipe = self.redis.pipeline(transaction=False)
        for scope in scopes:
            pipe.incr(f"{self.prefix}v:{scope}")
        try:
            pipe.execute()
        except RedisError:
            log.exception("page cache: versions not bumped; pages may lag")

    def get(self, key: str) -> bytes | None:
        """A stored page."""
        value = self.redis.get(f"{self.prefix}p:{key}")
        return value if isinstance(value, bytes) else None

    def put(self, key: str, body: bytes) -> None:
        """Store a page for at most ``seconds``."""
        self.redis.set(f"{self.prefix}p:{key}", body, ex=self.seconds)


def cache_of(app: Flask) -> PageCache | None:
    """The app's page cache, or None when it is switched off."""
    return app.extensions.get(_EXT)


def bump_all(app: Flask) -> None:
    """Invalidate every cached page (after writes made outside the ORM)."""
    cache = cache_of(app)
    if cache is not None:
        cache.bump([ALL])


# ---------------------------------------------------------------- writes -> scopes


@functools.lru_cache(maxsize=1)
def _tables() -> dict[str, type]:
    """Mapped classes by table name."""
    from portfolio.extensions import Base

    found: dict[str, type] = {}
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        if isinstance(table, Table):
            found.setdefault(table.name, mapper.class_)
    return found


def _table_name(obj: object) -> str:
    """The table a mapped object is a row of."""
    table = inspect(obj).mapper.local_table
    return table.name if isinstance(table, Table) else ""


def _values(obj: object, column: str) -> set[Any]:
    """The column's old and new values in this flush (None left out)."""
    history = inspect(obj).attrs[column].history
    every = (*history.added, *history.unchanged, *history.deleted)
    return {v for v in every if v is not None}


def _own_scopes(obj: object, *, whole: bool = False) -> set[str]:
    """Scopes named by the row's own columns, old and new values.

    ``whole``: the row is new or deleted (for an account, every column changed).
    Call it before the flush's history is reset (``after_flush``) to see old values.
    """
    state = inspect(obj)
    name = _table_name(obj)
    columns = state.mapper.columns
    out: set[str] = set()
    account = name == ACCOUNT_TABLE
    pairs = [*SCOPE_COLUMNS, *((("id", "l"), ("id", "u")) if account else ())]
    for column, prefix in pairs:
        if column in columns:
            out |= {f"{prefix}:{v}" for v in _values(obj, column)}
    if account and (
        whole
        or any(state.attrs[c].history.has_changes() for c in SHOWN_ACCOUNT_COLUMNS)
    ):
        out.add(ALL)
    return out


def _parent_scopes(session: OrmSession, obj: object, depth: int = 2) -> set[str]:
    """A child row's scopes through its parents in this session, else ``*``.

    A version, claim, judgement or simulator action names no learner itself; its
    parent does, and the parent is in the session whenever a service wrote the child.
    """
    table = inspect(obj).mapper.local_table
    if not isinstance(table, Table):
        return {ALL}
    classes = _tables()
    for fk in table.foreign_keys:
        parent_cls = classes.get(fk.column.table.name)
        value = getattr(obj, fk.parent.key, None)
        if parent_cls is None or value is None:
            continue
        parent = session.identity_map.get(identity_key(parent_cls, (value,)))
        if parent is None:
            continue
        found = _own_scopes(parent) - {ALL}
        if not found and depth > 1:
            found = _parent_scopes(session, parent, depth - 1) - {ALL}
        if found:
            return found
    return {ALL}


def _session_scopes(obj: object, column: str) -> set[str]:
    """``s:<user>`` for a written session, account or role row (old and new user)."""
    return {f"s:{v}" for v in _values(obj, column)}


@event.listens_for(OrmSession, "after_flush")
def _note_rows(session: OrmSession, _context: object) -> None:
    """Note the scopes of the rows this flush wrote (while their history is intact).

    Rows whose scope comes from a parent wait until the flush has finished, when new
    parents are in the identity map.
    """
    scopes = session.info.setdefault(_SCOPES, set())
    pending = session.info.setdefault(_PENDING, [])
    whole = {*session.new, *session.deleted}
    for obj in [*session.new, *session.dirty, *session.deleted]:
        name = _table_name(obj)
        if name in IGNORED_TABLES:
            continue
        if name in SESSION_TABLES:
            scopes |= _session_scopes(obj, SESSION_TABLES[name])
            if name == "auth_session":
                continue  # a session row is shown on no cached page
        own = _own_scopes(obj, whole=obj in whole)
        if own:
            scopes |= own
        else:
            pending.append(obj)


@event.listens_for(OrmSession, "after_flush_postexec")
def _note_children(session: OrmSession, _context: object) -> None:
    """Scopes of the child rows, through their parents."""
    scopes = session.info.setdefault(_SCOPES, set())
    for obj in session.info.pop(_PENDING, []):
        scopes |= _parent_scopes(session, obj)


@event.listens_for(OrmSession, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    """A bulk INSERT, UPDATE or DELETE, or a text statement, bumps ``*``.

    On a session, account or role table it bumps ``s:*`` (every session's check);
    a text statement bumps both.
    """
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in IGNORED_TABLES:
        return
    sessions = state.session.info.setdefault(_SCOPES, set())
    if name in SESSION_TABLES:
        sessions.add(SESSIONS_ALL)
        if name == "auth_session":
            return
    text = getattr(state.statement, "text", None)
    if isinstance(text, str):
        if text.lstrip()[:6].upper() == "SELECT":
            return
        sessions.add(SESSIONS_ALL)  # a text statement might end sessions too
    sessions.add(ALL)


@event.listens_for(OrmSession, "after_commit")
def _bump(session: OrmSession) -> None:
    """Bump the committed scopes' versions (after the commit, never before)."""
    scopes = session.info.pop(_SCOPES, None)
    if not scopes or not has_app_context():
        return
    cache = cache_of(current_app._get_current_object())  # type: ignore[attr-defined]
    if cache is not None:
        cache.bump(scopes)


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    """Nothing was written after all."""
    session.info.pop(_SCOPES, None)
    session.info.pop(_PENDING, None)


# ---------------------------------------------------------------- pages


def learner_scopes(ids: Iterable[int]) -> list[str]:
    """The scopes of these learners' data."""
    return [f"l:{i}" for i in sorted(set(ids))]


def _key(scopes: list[str], versions: list[int]) -> str:
    """The page's key: viewer, address, fragment or page, day, data versions."""
    parts = [
        current_user.id,
        request.endpoint,
        request.view_args,
        sorted(request.args.items(multi=True)),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        utcnow().date().isoformat(),
        list(zip(scopes, versions, strict=True)),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _wrote_something() -> bool:
    """Whether this request changed rows (such a page is not stored)."""
    from portfolio.extensions import db

    s = db.session
    return bool(s.new or s.dirty or s.deleted or s.info.get(_SCOPES))


def number(value: str) -> bool:
    """A page number or an id, as a query parameter."""
    return value.isdigit() and len(value) <= 9


def one_of(*values: str) -> Callable[[str], bool]:
    """A query parameter that takes one or more of ``values`` (a finite set)."""
    allowed = frozenset(values)

    def check(value: str) -> bool:
        return value in allowed

    check.repeats = True  # type: ignore[attr-defined]  # read by _storable
    return check


def _storable(allowed: Mapping[str, Callable[[str], bool]]) -> bool:
    """Whether the query string holds only values the page understands.

    Anything else (a fuzzer's invented parameters or values) is rendered but never
    stored, so nobody can fill Redis with one copy of a page per made-up address.
    """
    if len(request.query_string) > MAX_QUERY_BYTES:
        return False
    for name, values in request.args.lists():
        check = allowed.get(name)
        if check is None or len(values) != len(set(values)):
            return False
        if len(values) > 1 and not getattr(check, "repeats", False):
            return False
        if not all(check(v) for v in values):
            return False
    return True


def cached_page(
    depends: Callable[..., Iterable[str]] | None = None,
    *,
    query: Mapping[str, Callable[[str], bool]] | None = None,
    unless: Callable[[], bool] | None = None,
) -> Callable[[F], F]:
    """Serve this GET view from the page cache while what it shows is unchanged.

    ``depends(**view_args)`` returns the scopes the page shows beyond its viewer's
    (``u:<viewer>``) and ``*``; it runs after the access guard and may raise to refuse.
    ``query``: each parameter the page reads and a check of its values (``number``,
    ``one_of(...)``); any other parameter or value renders the page uncached.
    ``unless()`` true renders the page fresh (state kept in the session, say).
    A request with ``Cache-Control: no-cache`` (a hard reload) is rendered and stored.
    """
    allowed = dict(query or {})

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def serve(*args: Any, **kwargs: Any) -> Any:
            cache = cache_of(current_app._get_current_object())  # type: ignore[attr-defined]
            if (
                cache is None
                or request.method != "GET"
                or not current_user.is_authenticated
                or "_flashes" in session
                or not _storable(allowed)
                or (unless is not None and unless())
            ):
                return view(*args, **kwargs)
            scopes = [ALL, f"u:{current_user.id}"]
            if depends is not None:
                scopes += list(depends(*args, **kwargs))
            # "Cache-Control: no-cache" (a hard reload) renders afresh and stores it
            fresh = "no-cache" in request.headers.get("Cache-Control", "")
            try:
                key = _key(scopes, cache.versions(scopes))
                body = None if fresh else cache.get(key)
            except RedisError:  # no Redis: the page as if there were no cache
                log.warning("page cache unavailable", exc_info=True)
                return view(*args, **kwargs)
            if body is not None:
                html = body.decode().replace(_TOKEN_MARK, generate_csrf())
                response = make_response(html)
                response.headers["X-Page-Cache"] = "hit"
                return response
            response = make_response(view(*args, **kwargs))
            if (
                response.status_code == 200
                and response.mimetype == "text/html"
                and not response.direct_passthrough
                and not _wrote_something()
                and "_flashes" not in session
                and response.content_length is not None
                and response.content_length <= MAX_PAGE_BYTES
            ):
                html = response.get_data(as_text=True)
                field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
                token = g.get(field)
                if token:
                    html = html.replace(token, _TOKEN_MARK)
                try:
                    cache.put(key, html.encode())
                except RedisError:
                    log.warning("page cache: page not stored", exc_info=True)
            response.headers["X-Page-Cache"] = "miss"
            return response

        return serve  # type: ignore[return-value]

    return decorate


def init_app(app: Flask) -> None:
    """Switch the page cache on when it has a Redis to live in."""
    url = app.config.get("PAGE_CACHE_URL")
    if url is None:
        url = app.config.get("REDIS_URL")
    if not url or str(url) == "0":
        return
    # an empty prefix: one of this app's own (tests, where ids repeat across apps)
    prefix = str(app.config.get("PAGE_CACHE_PREFIX") or f"app-{secrets.token_hex(6)}:")
    seconds = int(app.config.get("PAGE_CACHE_SECONDS") or 300)
    app.extensions[_EXT] = PageCache(str(url), prefix, seconds)


