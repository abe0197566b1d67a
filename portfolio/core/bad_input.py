"""Bad input that must be a 4xx, never a 500 (issue 16 #7).

- an integer id of 2^63 or more in a path does not match the route (404), and one in
  a query string reaches the database only to overflow, which the error handlers turn
  into a 404 too;
- a JSON body nested deeper than ``MAX_JSON_DEPTH`` or holding a lone surrogate (which
  no database can store as UTF-8) is refused with 400 before any view reads it;
- text (form fields, JSON strings) holding NUL or a bidirectional override, which
  can make a title or a name read differently from what is stored (issue 16 #10), is
  refused with 400 before any view reads it.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Flask, request
from flask_smorest.spec.plugins import integerconverter2paramschema
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from portfolio.extensions import api

MAX_ID = 2**63 - 1
MAX_JSON_DEPTH = 64
# NUL, and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
HIDDEN_CONTROLS = frozenset(
    "\x00\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
HIDDEN_MESSAGE = (
    "The text contains invisible control characters (NUL or right-to-left override). "
    "Type it again without them."
)


def has_hidden_controls(text: str) -> bool:
    """Whether ``text`` holds NUL or a bidirectional override character."""
    return not HIDDEN_CONTROLS.isdisjoint(text)


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to what a 64-bit signed database column can hold."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        """Default the upper bound to the largest 64-bit signed integer."""
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def install_converters(app: Flask) -> None:
    """Use the bounded converter for every ``<int:...>``; call before routes exist."""
    app.url_map.converters["int"] = IdConverter
    if not any(conv is IdConverter for conv, _ in api._converters):
        api.register_converter(IdConverter, integerconverter2paramschema)


def _too_deep_or_unstorable(value: Any) -> str | None:
    """Why a parsed JSON document is refused, or None (iterative, no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return "The JSON is nested too deeply."
        if isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "The JSON contains text that is not valid Unicode."
            if has_hidden_controls(item):
                return HIDDEN_MESSAGE
    return None


def check_form_text() -> None:
    """Refuse posted form text holding NUL or a bidi override, with 400."""
    if request.method not in ("POST", "PUT", "PATCH") or request.is_json:
        return
    if any(has_hidden_controls(value) for _, value in request.form.items(multi=True)):
        _refuse(HIDDEN_MESSAGE)


def check_json_body() -> None:
    """Refuse a JSON body that is too deep or not valid Unicode, with 400."""
    if not request.is_json or request.content_length == 0:
        return
    raw = request.get_data(cache=True)
    if not raw:
        return
    try:
        value = json.loads(raw)
    except RecursionError:
        _refuse("The JSON is nested too deeply.")
    except (ValueError, UnicodeDecodeError):
        return  # left to the view's own parser, which answers 400 or 422
    problem = _too_deep_or_unstorable(value)
    if problem:
        _refuse(problem)


def _refuse(message: str) -> NoReturn:
    """A 400 carrying ``message`` on the page and in the API's JSON error."""
    exc = BadRequest(description=message)
    exc.data = {"message": message}  # type: ignore[attr-defined]  # smorest reads exc.data
    raise exc


def init_app(app: Flask) -> None:
    """Check every JSON body and posted form before the views."""
    app.before_request(check_json_body)
    app.before_request(check_form_text)
