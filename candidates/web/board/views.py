"""The pipeline board of a job: the page, its columns as fragments, a card's move menu,
and the commands a drop, the menu or the bulk bar send."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from candidates.models import Application
from candidates.pipeline.engine import Change
from candidates.web.board import commands
from candidates.web.board.filters import city_name, specialty_name
from candidates.web.board.forms import BulkForm, CardActionForm, error_text, rejection_reasons
from candidates.web.board.menu import card_menu
from candidates.web.board.selectors import (
    Board,
    board_job,
    board_query,
    board_state,
    column_more,
    read_columns,
)
from candidates.web.roles import roles_required
from recruiting.errors import InvalidInput
from recruiting.roles import Role, acting_user

READERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER)
MOVERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _board(request: HttpRequest, pk: int) -> Board:
    job = board_job(request.user, pk)
    return board_state(request.user, job, request.GET)


def _valid(board: Board) -> None:
    if not board.filters.is_valid():
        raise InvalidInput(_("The filters are not valid: %(errors)s") % {"errors": _errors(board)})


def _errors(board: Board) -> str:
    return " ".join(
        f"{board.filters.form.fields[name].label}: {' '.join(errors)}"
        for name, errors in board.filters.form.errors.items()
    )


def _context(board: Board) -> dict[str, Any]:
    job = board.job
    return {
        "board": board,
        "job": job,
        "job_specialty": specialty_name(job.specialty),
        "job_city": city_name(job.location),
        "reasons": rejection_reasons(),
        # Words every card repeats, translated once.
        "move_text": _("Move…"),
        "fast_text": _("Fast track"),
    }


@require_GET
@roles_required(*READERS)
def job_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The board. Filters that are not valid show beside their fields, with a 400 and
    no columns."""
    board = _board(request, pk)
    if not board.filters.is_valid():
        return render(request, "board/board.html", _context(board), status=400)
    read_columns(request.user, board, timezone.now())
    return render(request, "board/board.html", _context(board))


@require_GET
@roles_required(*READERS)
def board_column(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """A column as the board shows it; with `after`, its next cards (and the next
    "load more")."""
    board = _board(request, pk)
    _valid(board)
    after = request.GET.get("after", "")
    if after:
        column, cards = column_more(request.user, board, stage_pk, after, timezone.now())
        context = {**_context(board), "column": column, "cards": cards}
        return render(request, "board/board.html#cards", context)
    read_columns(request.user, board, timezone.now(), only={stage_pk})
    if not board.columns:
        raise Http404("No such stage on this board.")
    context = {**_context(board), "column": board.columns[0]}
    return render(request, "board/board.html#column", context)


def _application(request: HttpRequest, job_id: int, app_pk: int, *related: str) -> Application:
    """An application of this job that the reader may see (else 404), with its stage
    and track (what a command is planned on) and the relations named."""
    applications = Application.objects.visible_to(request.user).filter(job_id=job_id)
    return get_object_or_404(applications.select_related("stage", "track", *related), pk=app_pk)


@require_GET
@roles_required(*READERS)
def card_actions(request: HttpRequest, pk: int, app_pk: int) -> HttpResponse:
    """A card's move menu: the stages it may go to and what else may be done, for the
    keyboard and for touch (no action is drag-only). A page of its own without htmx."""
    board = _board(request, pk)
    application = _application(request, pk, app_pk, "candidate")
    context = {**_context(board), "menu": card_menu(request.user, application)}
    template = "board/actions.html#menu" if is_htmx(request) else "board/actions.html"
    return render(request, template, context)


@require_POST
@roles_required(*MOVERS)
def card_act(request: HttpRequest, pk: int, app_pk: int) -> HttpResponse:
    """One command on one card (a drop, or the move menu), through the engine.

    With htmx the answer says what happened and names the two columns the command
    touched; the board reads them again as fragments of its own template (so a drop
    costs the move alone, and the columns cost what a column costs). Without htmx, the
    board again with a message.
    """
    application = _application(request, pk, app_pk)
    form = CardActionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(error_text(form))
    order = form.order(form.cleaned_data["version"])
    left = application.stage_id
    change = commands.card_command(application=application, order=order, actor=acting_user(request))
    said = _said(order.action, change)
    if not is_htmx(request):
        messages.success(request, said)
        return HttpResponseRedirect(_board_url(pk, request))
    # The page's own words only: no layout around them, so no context processors.
    response = HttpResponse(render_to_string("board/board.html#changed", {"said": said}))
    stages = sorted({left, change.application.stage_id})
    return trigger_client_event(response, "board-refresh", {"stages": stages})


def _said(action: str, change: Change) -> str:
    app = change.application
    names = {"name": app.candidate.full_name, "stage": app.stage.name}
    if action == commands.HOLD:
        return _("%(name)s is on hold.") % names
    if action == commands.RESUME:
        return _("%(name)s resumed.") % names
    if action == commands.REJECT:
        return _("%(name)s rejected.") % names
    if app.status == "hired":
        return _("%(name)s hired.") % names
    return _("%(name)s moved to %(stage)s.") % names


def _board_url(job_id: int, request: HttpRequest) -> str:
    """The board as the reader had it: the same tab and filters."""
    return f"{reverse('web:job_board', args=[job_id])}?{board_query(request.GET)}"


@require_POST
@roles_required(*MOVERS)
def board_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """The same command for several cards, each on its own; the result says which were
    done and why each refused one was refused."""
    board = _board(request, pk)
    _valid(board)
    form = BulkForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(error_text(form))
    result = commands.bulk_command(
        job=board.job,
        actor=acting_user(request),
        items=form.cleaned_data["applications"],
        order=form.order(0),
    )
    summary = _summary(result)
    if not is_htmx(request):
        level = messages.SUCCESS if not result.refused else messages.WARNING
        messages.add_message(request, level, summary)
        for outcome in result.refused:
            messages.error(request, f"{outcome.name}: {outcome.message}")
        return HttpResponseRedirect(_board_url(pk, request))
    read_columns(request.user, board, timezone.now())
    context = {**_context(board), "result": result, "summary": summary}
    return render(request, "board/board.html#bulk-result", context)


def _summary(result: commands.BulkResult) -> str:
    done, refused = len(result.done), len(result.refused)
    if result.action == commands.REJECT:
        said = ngettext("%(count)s rejected", "%(count)s rejected", done)
    elif result.action == commands.HOLD:
        said = ngettext("%(count)s put on hold", "%(count)s put on hold", done)
    else:
        said = ngettext("%(count)s moved", "%(count)s moved", done)
    parts = [said % {"count": done}]
    if refused:
        refusals = ngettext("%(count)s refused", "%(count)s refused", refused)
        parts.append(refusals % {"count": refused})
    return "; ".join(parts)
