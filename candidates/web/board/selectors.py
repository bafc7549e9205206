"""Reads of the pipeline board: a job's tabs (track versions), its columns (stages) with
their counts, and the first cards of each, scoped to the reader.

The board stays fast at any size: counts come from one grouped query, each column
reads only its first cards through the (job, stage, stage_entered_at, id) index, and
further cards come a page at a time after a keyset position, never at an offset. The
number of queries depends on the track's stages, never on how many applications there
are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import Application
from candidates.pipeline.table import Action, refusal_for_role
from candidates.web.board import keyset
from candidates.web.board.cards import allow, decorate
from candidates.web.board.filters import SHOWN_STATUSES, BoardFilter
from recruiting.errors import InvalidInput
from recruiting.models import Job, Stage, Track
from recruiting.roles import Role, user_roles
from recruiting.selectors import jobs_visible_to

PAGE = 20
# Longest in the stage first: who has waited most is on top.
ORDER = keyset.Order("stage_entered_at")
# Viewers and assessors never move an application, whatever a stage's movers say.
ACTORS = frozenset({Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD})
TAB_PARAMS = ("track", "version")
FILTER_PARAMS = ("q", "specialty", "source", "fast_track", "overdue", "drive", "show")


@dataclass(frozen=True)
class Tab:
    track: Track
    version: int
    # The job admits the track (an old version, or a track the job no longer admits,
    # shows while applications are still on it).
    admitted: bool

    @property
    def is_current(self) -> bool:
        return self.version == self.track.current_version

    @property
    def key(self) -> tuple[int, int]:
        return self.track.pk, self.version


@dataclass
class Column:
    stage: Stage
    next_stage_id: int | None
    can_move: bool
    can_hold: bool
    count: int = 0
    # Applications of the stage that match the filters but not `show`.
    hidden: int = 0
    cards: list[Application] = field(default_factory=list)
    after: str = ""

    @property
    def can_act(self) -> bool:
        return self.can_move or self.can_hold

    @property
    def sla_text(self) -> str:
        return duration_text(self.stage.sla)


def duration_text(value: timedelta | None) -> str:
    """An SLA in whole days when it is some, else in hours: "3 days", "36 hours"."""
    if value is None:
        return ""
    hours = int(value.total_seconds() // 3600)
    if hours and hours % 24 == 0:
        days = hours // 24
        return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}


@dataclass
class Board:
    job: Job
    tabs: list[Tab]
    tab: Tab
    stages: list[Stage]
    filters: BoardFilter
    # The tab and the filters, as the URL carries them, for every link of the board.
    query: str
    filter_query: str
    columns: list[Column] = field(default_factory=list)

    @property
    def can_act(self) -> bool:
        return any(column.can_act for column in self.columns)

    @property
    def can_move(self) -> bool:
        return any(column.can_move for column in self.columns)

    @property
    def can_hold(self) -> bool:
        return any(column.can_hold for column in self.columns)

    def column(self, stage_id: int) -> Column:
        return next(c for c in self.columns if c.stage.pk == stage_id)


def board_job(user: Any, job_id: int) -> Job:
    """A job the user may see (a unit lead: their units' only), else 404."""
    jobs = jobs_visible_to(user).select_related("unit", "specialty", "location", "drive")
    return get_object_or_404(jobs.prefetch_related("tracks"), pk=job_id)


def board_tabs(job: Job) -> list[Tab]:
    """A tab per track the job admits (its current version), and per other track version
    that still holds applications of the job: standard tracks first."""
    admitted = {track.pk: track for track in job.tracks.all()}
    in_use = (
        Stage.objects.filter(
            Exists(Application.objects.filter(job_id=job.pk, stage_id=OuterRef("pk")))
        )
        .select_related("track")
        .order_by()
    )
    keys: dict[tuple[int, int], Tab] = {
        (track.pk, track.current_version): Tab(track, track.current_version, True)
        for track in admitted.values()
    }
    for stage in in_use:
        key = (stage.track_id, stage.version)
        if key not in keys:
            track = admitted.get(stage.track_id, stage.track)
            keys[key] = Tab(track, stage.version, stage.track_id in admitted)
    return sorted(
        keys.values(),
        key=lambda t: (t.track.kind != Track.Kind.STANDARD, t.track.name, -t.version),
    )


def pick_tab(tabs: list[Tab], params: QueryDict) -> Tab:
    """The tab the URL names (`track`, `version`), else the first."""
    raw_track, raw_version = params.get("track", ""), params.get("version", "")
    if not raw_track:
        if not tabs:
            raise Http404("This job admits no track.")
        return tabs[0]
    try:
        track_id = int(raw_track)
        version = int(raw_version) if raw_version else None
    except ValueError:
        raise InvalidInput(_("The track and version in the address must be numbers.")) from None
    for tab in tabs:
        if tab.track.pk == track_id and (
            (version is None and tab.is_current) or tab.version == version
        ):
            return tab
    raise Http404("This job's board has no such track version.")


def board_query(params: QueryDict) -> str:
    """The tab and filters of a board's address, without what is empty."""
    return _query(params, TAB_PARAMS + FILTER_PARAMS)


def _query(params: QueryDict, names: tuple[str, ...]) -> str:
    kept = QueryDict(mutable=True)
    for name in names:
        for value in params.getlist(name):
            if value:
                kept.appendlist(name, value)
    return kept.urlencode()


def board_state(user: Any, job: Job, params: QueryDict) -> Board:
    """The board the URL asks for, before its columns are read: the tab, its stages
    and the filters (check `board.filters.is_valid()`)."""
    tabs = board_tabs(job)
    tab = pick_tab(tabs, params)
    stages = list(
        Stage.objects.filter(track_id=tab.track.pk, version=tab.version).order_by("position")
    )
    for stage in stages:
        stage.track = tab.track
    filters = BoardFilter(params, queryset=Application.objects.filter(job_id=job.pk), job=job)
    state = QueryDict(mutable=True)
    state.update({"track": str(tab.track.pk), "version": str(tab.version)})
    filter_query = _query(params, FILTER_PARAMS)
    query = state.urlencode() + (f"&{filter_query}" if filter_query else "")
    return Board(job, tabs, tab, stages, filters, query, filter_query)


def may(action: Action, roles: frozenset[Role], stage: Stage) -> bool:
    return bool(roles & ACTORS) and refusal_for_role(action, roles, stage.movers) is None


def _columns(user: Any, board: Board, only: set[int] | None) -> list[Column]:
    roles = user_roles(user)
    columns = []
    for index, stage in enumerate(board.stages):
        following = board.stages[index + 1] if index + 1 < len(board.stages) else None
        if only is not None and stage.pk not in only:
            continue
        columns.append(
            Column(
                stage,
                following.pk if following else None,
                can_move=may(Action.MOVE, roles, stage),
                can_hold=may(Action.HOLD, roles, stage),
            )
        )
    return columns


def read_columns(user: Any, board: Board, now: datetime, *, only: set[int] | None = None) -> Board:
    """Fill the board's columns (or only those of the stages named): counts, hidden
    counts and the first page of cards of each. The filters must be valid."""
    board.columns = _columns(user, board, only)
    matching = board.filters.qs
    shown = SHOWN_STATUSES[board.filters.shown]
    counts = (
        matching.filter(stage_id__in=[c.stage.pk for c in board.columns])
        .order_by()
        .values_list("stage_id", "status")
        .annotate(n=Count("id"))
    )
    for stage_id, status, n in counts:
        column = board.column(stage_id)
        if status in shown:
            column.count += n
        else:
            column.hidden += n
    # Every column is read, empty or not: as many queries for any number of cards.
    for column in board.columns:
        column.cards, column.after = _page(matching, column.stage, shown, None)
    _decorate(board, [(column, column.cards) for column in board.columns], now)
    return board


def _decorate(board: Board, pages: list[tuple[Column, list[Application]]], now: datetime) -> None:
    """What the cards of these columns show, with their candidates' specialties read at
    once for all of them."""
    decorate(
        [card for _, cards in pages for card in cards],
        job_id=board.job.pk,
        query=board.query,
        now=now,
    )
    for column, cards in pages:
        allow(cards, can_move=column.can_move, can_act=column.can_act)


def _page(
    matching: QuerySet[Application], stage: Stage, shown: tuple[str, ...], after: Any
) -> tuple[list[Application], str]:
    rows = card_rows(matching.filter(stage_id=stage.pk, status__in=shown))
    found, following, _ = keyset.page(rows, ORDER, PAGE, after=after)
    for card in found:
        card.stage = stage
    return found, keyset.encode(following) if following else ""


def column_more(
    user: Any, board: Board, stage_id: int, token: str, now: datetime
) -> tuple[Column, list[Application]]:
    """The next cards of a column after the position `token` names."""
    column = next((c for c in _columns(user, board, {stage_id})), None)
    if column is None:
        raise Http404("No such stage on this board.")
    position = keyset.decode(token, ORDER)
    shown = SHOWN_STATUSES[board.filters.shown]
    cards, column.after = _page(board.filters.qs, column.stage, shown, position)
    _decorate(board, [(column, cards)], now)
    board.columns = [column]
    return column, cards


def card_rows(applications: QuerySet[Application]) -> QuerySet[Application]:
    """What a card shows, and no more: the fast-track reason's summary is read inside
    the database rather than its whole explanation."""
    return (
        applications.select_related("candidate", "rejection_reason")
        .only(
            "id",
            "version",
            "status",
            "stage_id",
            "stage_entered_at",
            "due_at",
            "is_fast_track",
            "candidate__id",
            "candidate__full_name",
            "candidate__source",
            "rejection_reason__id",
            "rejection_reason__label",
        )
        .annotate(
            reason_track=KT("fast_track_reason__track"),
            reason_rule=KT("fast_track_reason__rule"),
            reason_rule_version=KT("fast_track_reason__rule_version"),
        )
    )
