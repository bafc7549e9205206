"""Each assessor's count of open seats, kept by the transactions that change seats.

A seat is open while it is assigned and its assessment pending. Every service that
opens or closes one runs inside `loads_kept()` (within its transaction); the seat
changes are gathered there and written as the block ends, in one statement that
takes the counters' rows in user id order. One statement in a fixed order means two
transactions never wait on each other's counters in a circle; written last, after
any membership rows a panel locks, the lock order is always memberships, then
counters. Until then `open_seats` adds the transaction's own unwritten changes to
what it reads. Nested services (an auto-advance inside a submission) share the
outermost block.

Rows written around the services (bulk loads, cascading deletes) leave the counts
wrong: `loads_recount()` rebuilds them from the seats.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from candidates.models import Assessment, AssessorLoad, Assignment

_local = threading.local()


@contextmanager
def loads_kept() -> Iterator[None]:
    """Gather this transaction's seat changes and write them at the end of the block.
    Use inside `transaction.atomic()`; an inner use joins the outermost one."""
    if getattr(_local, "deltas", None) is not None:
        yield
        return
    _local.deltas = Counter()
    try:
        yield
        _write(_local.deltas)
    finally:
        _local.deltas = None


def _deltas() -> Counter[int]:
    deltas: Counter[int] | None = getattr(_local, "deltas", None)
    if deltas is None:
        raise RuntimeError("Seats change only inside loads_kept(), in the service's transaction.")
    return deltas


def seats_opened(assessment: Assessment, user_ids: Iterable[int]) -> None:
    """New assigned seats: open only while their assessment is pending."""
    if assessment.status == Assessment.Status.PENDING:
        _deltas().update(user_ids)


def seats_closed(assessment: Assessment, user_ids: Iterable[int]) -> None:
    """Seats that stop being open (submitted, declined, removed, or their pending
    assessment decided or closed). Call with the assessment as it was before."""
    if assessment.status == Assessment.Status.PENDING:
        _deltas().subtract(user_ids)


def open_seats(user_ids: Iterable[int]) -> dict[int, int]:
    """Each user's open seats, this transaction's unwritten changes included."""
    ids = list(user_ids)
    counts = dict(
        AssessorLoad.objects.filter(assessor_id__in=ids).values_list("assessor_id", "open_seats")
    )
    pending: Counter[int] = getattr(_local, "deltas", None) or Counter()
    return {pk: counts.get(pk, 0) + pending.get(pk, 0) for pk in ids}


def _write(deltas: Counter[int]) -> None:
    changed = sorted((pk, n) for pk, n in deltas.items() if n)
    if not changed:
        return
    table = connection.ops.quote_name(AssessorLoad._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(changed))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (assessor_id, open_seats) VALUES {values} "
            f"ON CONFLICT (assessor_id) DO UPDATE "
            f"SET open_seats = {table}.open_seats + excluded.open_seats",
            [value for pair in changed for value in pair],
        )


def counted_open_seats() -> dict[int, int]:
    """Open seats per assessor counted from the seats themselves (what the counters
    must equal)."""
    from django.db.models import Count

    return dict(
        Assignment.objects.filter(
            status=Assignment.Status.ASSIGNED, assessment__status=Assessment.Status.PENDING
        )
        .values_list("assessor_id")
        .annotate(n=Count("id"))
        .values_list("assessor_id", "n")
    )


def loads_recount() -> int:
    """Rebuild every counter from the seats; returns how many assessors hold a seat."""
    counts = counted_open_seats()
    with transaction.atomic():
        AssessorLoad.objects.all().delete()
        AssessorLoad.objects.bulk_create(
            AssessorLoad(assessor_id=pk, open_seats=n) for pk, n in counts.items()
        )
    return len(counts)
