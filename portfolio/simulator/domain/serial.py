"""Generic conversion of frozen dataclasses to JSON-safe dicts and back."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_SCALARS = frozenset({str, int, bool, float})


def to_plain(value: object) -> Any:
    """Return ``value`` as JSON-safe data (dicts, lists, str, int, bool, None)."""
    if value is None or type(value) in _SCALARS:
        return value
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return {name: to_plain(getattr(value, name)) for name in fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def plain_dict(value: object) -> dict[str, Any]:
    """:func:`to_plain` of a dataclass instance: a dict of JSON-safe values."""
    plain = to_plain(value)
    if not isinstance(plain, dict):
        raise TypeError(f"{type(value).__name__} is not a dataclass instance")
    return plain


def from_plain(cls: type[T], data: Any) -> T:
    """Rebuild an instance of the dataclass ``cls`` from :func:`to_plain` output."""
    decoded = _decode(cls, data)
    if not isinstance(decoded, cls):
        raise TypeError(f"expected {cls.__name__} data, got {type(data).__name__}")
    return decoded


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    """Resolved field types of a dataclass (cached)."""
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    """Decode ``data`` into type ``tp``."""
    if tp is Any or data is None:
        return data
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(present[0], data)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        args = typing.get_args(tp) or (str, Any)
        return {k: _decode(args[1], v) for k, v in data.items()}
    return _decode_simple(tp, data)


def _decode_simple(tp: Any, data: Any) -> Any:
    """Decode scalars, enums and nested dataclasses."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.name in data
        }
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if tp is Decimal:
        return Decimal(str(data))
    if tp is date:
        return date.fromisoformat(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    return data
