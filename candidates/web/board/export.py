"""The applications list as CSV lines, read a chunk at a time after a keyset position:
memory stays bounded however long the list, and no server-side cursor is held open
between chunks (a transaction-mode pooler could not keep one)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from candidates.web import labels
from candidates.web.board.keyset import Order

CHUNK = 1000
# A cell a spreadsheet would run as a formula starts with one of these: quote it.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """csv.writer's file: hands back what it is given."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA):
        return f"'{value}"
    return value


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _header() -> list[str]:
    return [
        _("Application"),
        _("Candidate"),
        _("Email"),
        _("Job"),
        _("Unit"),
        _("Track"),
        _("Track version"),
        _("Stage"),
        _("Stage kind"),
        _("Status"),
        _("Fast track"),
        _("Fast-track rule"),
        pgettext("date", "Applied"),
        _("In stage since"),
        _("Due"),
        _("Overdue"),
    ]


def _line(row: dict[str, Any], now: datetime) -> list[Any]:
    overdue = row["status"] == "active" and row["due_at"] is not None and row["due_at"] < now
    rule = f"{row['reason_rule']} (v{row['reason_rule_version']})" if row.get("reason_rule") else ""
    return [
        row["id"],
        row["candidate__full_name"],
        row["candidate__email"],
        row["job__title"],
        row["unit_name"],
        row["track__name"],
        row["track_version"],
        row["stage__name"],
        labels.STAGE_KIND.get(row["stage__kind"], row["stage__kind"]),
        labels.STATUS.get(row["status"], row["status"]),
        _("yes") if row["is_fast_track"] else _("no"),
        rule,
        _when(row["created_at"]),
        _when(row["stage_entered_at"]),
        _when(row["due_at"]),
        _("yes") if overdue else _("no"),
    ]


def csv_lines(
    rows: QuerySet[Any, dict[str, Any]], order: Order, *, zone: tzinfo, language: str
) -> Iterator[str]:
    """The header, then every row in `order`, a chunk of CHUNK rows per query.

    Runs as the response is sent, after the view and its middleware returned: the
    reader's time zone and language are set again here."""
    writer = csv.writer(_Line())
    with timezone.override(zone), translation.override(language):
        now = timezone.now()
        # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
        yield "\ufeff" + writer.writerow(_header())
        position = None
        while True:
            chunk = rows.order_by(*order.order_by())
            if position is not None:
                chunk = chunk.filter(order.past(position))
            found = list(chunk[:CHUNK])
            for row in found:
                yield writer.writerow([_cell(value) for value in _line(row, now)])
            if len(found) < CHUNK:
                return
            position = order.position_of(found[-1])
