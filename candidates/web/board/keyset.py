"""Keyset pages: a page starts after a position (the ordering column's value and the
id), never at an offset, so the hundredth page costs what the first does.

A position travels in the URL as an opaque token. It is client input like any other: a
token that does not decode, or names a value of the wrong type, is refused with 400.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from recruiting.errors import InvalidInput

M = TypeVar("M", bound=Model)
Position = tuple[Any, int]


@dataclass(frozen=True)
class Order:
    """An ordering on one non-null column, ties broken by id the same way."""

    field: str
    descending: bool = False
    # The column's type, to read a position back from its token.
    kind: str = "datetime"

    def order_by(self, *, backwards: bool = False) -> tuple[str, str]:
        down = self.descending != backwards
        sign = "-" if down else ""
        return (f"{sign}{self.field}", f"{sign}id")

    def past(self, position: Position, *, backwards: bool = False) -> Q:
        """Rows after `position` in this order (before it, going backwards)."""
        value, pk = position
        down = self.descending != backwards
        beyond = "lt" if down else "gt"
        return Q(**{f"{self.field}__{beyond}": value}) | Q(
            **{self.field: value, f"id__{beyond}": pk}
        )

    def position_of(self, row: Any) -> Position:
        if isinstance(row, dict):
            return row[self.field], row["id"]
        value: Any = row
        for part in self.field.split("__"):
            value = getattr(value, part)
        return value, row.pk


def encode(position: Position) -> str:
    value, pk = position
    shown = value.isoformat() if isinstance(value, datetime) else value
    raw = json.dumps([shown, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, order: Order) -> Position:
    """The position a token names; InvalidInput when it names none."""
    refused = InvalidInput(_("That page link is not valid; start again from the first page."))
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise refused from None
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
        raise refused
    if not isinstance(value, str) or "\x00" in value or len(value) > 400:
        raise refused
    if order.kind == "datetime":
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise refused from None
        if when.tzinfo is None:
            raise refused
        return when, pk
    return value, pk


def page(
    queryset: QuerySet[M, Any],
    order: Order,
    size: int,
    *,
    after: Position | None = None,
    before: Position | None = None,
) -> tuple[list[Any], Position | None, Position | None]:
    """One page of rows, with the position to continue after (None at the end) and the
    one to go back before (None on the first page)."""
    backwards = before is not None and after is None
    rows = queryset.order_by(*order.order_by(backwards=backwards))
    if after is not None:
        rows = rows.filter(order.past(after))
    elif before is not None:
        rows = rows.filter(order.past(before, backwards=True))
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
        following = order.position_of(found[-1]) if found else None
        preceding = order.position_of(found[0]) if more and found else None
        return found, following, preceding
    following = order.position_of(found[-1]) if more and found else None
    preceding = order.position_of(found[0]) if (after is not None and found) else None
    return found, following, preceding
