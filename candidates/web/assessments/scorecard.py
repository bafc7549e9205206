"""The assessment page: the packet, the scorecard (drafts saved as the assessor types,
submit, amend), leaving the panel, the panel once it may be seen, a written test's
score. Everything shown of the candidate and the panel is what `assessment_detail`
returns for the viewer, which owns redaction and blind scoring."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.assessments.scoring import (
    assessment_amend_score,
    assessment_save_draft,
    assessment_submit_score,
)
from candidates.assessments.seats import assessment_decline, assessment_record_written_score
from candidates.assessments.selectors import assessment_detail
from candidates.models import ApplicationStatus, Assessment
from candidates.web.assessments.forms import (
    AmendForm,
    DeclineForm,
    ScorecardForm,
    WrittenScoreForm,
)
from candidates.web.assessments.panel_cards import panel_card, rejection_reasons
from candidates.web.assessments.selectors import (
    deadline_state,
    draft_saved_at,
    people_names,
    scorecard_criteria,
    specialty_names,
    visible_assessment,
)
from candidates.web.roles import roles_required
from recruiting.errors import InvalidInput
from recruiting.roles import Role, acting_user, has_role, sees_all_units

# Who may send a command about an assessment (the API's MayAssess): every role but the
# viewer's; the services refuse the rest (someone not on the panel, say).
WRITERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.ASSESSOR)
TEMPLATE = "assessments/assessment.html"


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _panel(
    packet: dict[str, Any], criteria: list[dict[str, Any]], names: dict[int, str], me: int
) -> dict[str, Any] | None:
    """The panel's scorecards side by side: a column per assessor (their latest
    revision), a row per criterion; earlier revisions apart."""
    if "panel" not in packet:
        return None
    latest: dict[int, dict[str, Any]] = {}
    for score in packet["panel"]:
        latest[score["assessor"]["id"]] = score
    columns = [
        {
            **score,
            "name": names.get(pk, score["assessor"]["username"]),
            "is_me": pk == me,
            "submitted_at": _moment(score["submitted_at"]),
            "by_criterion": {r["criterion"]: r for r in score["ratings"]},
        }
        for pk, score in latest.items()
    ]
    rows = [
        {"criterion": c, "cells": [col["by_criterion"].get(c["id"]) for col in columns]}
        for c in criteria
    ]
    earlier = [
        {**s, "name": names.get(s["assessor"]["id"], s["assessor"]["username"])}
        for s in packet["panel"]
        if s is not latest[s["assessor"]["id"]]
    ]
    seats = [{**seat, "name": names.get(seat["assessor"], "")} for seat in packet.get("seats", [])]
    return {"columns": columns, "rows": rows, "earlier": earlier, "seats": seats}


def page_context(request: HttpRequest, assessment: Assessment, **forms: Any) -> dict[str, Any]:
    user = request.user
    packet = assessment_detail(assessment, user)
    criteria = packet["scorecard"]["criteria"] if packet["scorecard"] else []
    mine = packet["my_scores"]
    draft = next((s for s in mine if not s["submitted"]), None)
    submitted = [s for s in mine if s["submitted"]]
    application = assessment.application
    still_open = (
        assessment.status != Assessment.Status.CLOSED
        and application.stage_id == assessment.stage_id
        and application.status == ApplicationStatus.ACTIVE
    )
    seat = packet["my_seat"]
    ids = {seat["assessor"] for seat in packet.get("seats", [])}
    ids |= {score["assessor"]["id"] for score in packet.get("panel", [])}
    card = None
    if sees_all_units(user) or has_role(user, Role.UNIT_LEAD):
        card = panel_card(user, assessment.pk)
    written = packet["stage"]["kind"] == "written_test" and packet["settings"]["pass_mark"]
    context = {
        "assessment": assessment,
        "packet": packet,
        "candidate": packet["candidate"],
        "specialties": specialty_names(packet["candidate"]["specialties"]),
        "due_at": assessment.due_at,
        "sla": deadline_state(assessment, packet, timezone.now()),
        "criteria": criteria,
        "draft_saved_at": draft_saved_at(assessment.pk, user) if draft else None,
        "my_latest": submitted[-1] if submitted else None,
        "my_latest_rows": _my_rows(submitted[-1], criteria) if submitted else [],
        "panel": _panel(packet, criteria, people_names(ids), acting_user(request).pk),
        "can_score": seat == "assigned" and still_open and bool(criteria),
        "can_amend": seat == "submitted" and still_open and bool(criteria),
        "can_decline": seat == "assigned" and still_open,
        "written": bool(written),
        "can_record_written": bool(written)
        and assessment.status == Assessment.Status.PENDING
        and still_open
        and has_role(user, Role.ADMIN, Role.RECRUITER),
        "card": card,
        "reasons": rejection_reasons([card]) if card else [],
        "next": request.get_full_path(),
    }
    context["form"] = forms.get("form") or ScorecardForm(
        criteria, initial=ScorecardForm.initial_from(draft)
    )
    context["amend_form"] = forms.get("amend_form") or AmendForm(
        criteria, initial=ScorecardForm.initial_from(context["my_latest"])
    )
    context["decline_form"] = forms.get("decline_form") or DeclineForm(prefix="decline")
    context["written_form"] = forms.get("written_form") or WrittenScoreForm()
    context["open_part"] = forms.get("open_part", "")
    return context


def _my_rows(score: dict[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ratings = {r["criterion"]: r for r in score["ratings"]}
    return [{"criterion": c, "rating": ratings.get(c["id"])} for c in criteria]


def _page(
    request: HttpRequest, assessment: Assessment, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(request, TEMPLATE, page_context(request, assessment, **forms), status=status)


def _to_page(pk: int, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("web:assessment", args=[pk]) + anchor)


@roles_required()
def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, visible_assessment(request.user, pk))


@require_POST
@roles_required(*WRITERS)
def assessment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft as it stands (htmx, as the assessor types): answers when it was
    saved. Without JavaScript, a "Save draft" button posts here and comes back."""
    assessment = visible_assessment(request.user, pk)
    form = ScorecardForm(scorecard_criteria(assessment), request.POST)
    if not form.is_valid():
        if request.htmx:  # type: ignore[attr-defined]
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            raise InvalidInput(_("The draft was not saved: %(problems)s") % {"problems": problems})
        return _page(request, assessment, status=400, form=form)
    score = assessment_save_draft(
        assessment_id=pk, actor=acting_user(request), data=form.score_input()
    )
    if request.htmx:  # type: ignore[attr-defined]
        context = {"draft_saved_at": score.updated_at, "waiting": form.notes_waiting()}
        return render(request, f"{TEMPLATE}#draft-state", context)
    messages.success(request, _("Your draft is saved."))
    return _to_page(pk, "#scorecard")


@require_POST
@roles_required(*WRITERS)
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request.user, pk)
    form = ScorecardForm(scorecard_criteria(assessment), request.POST, complete=True)
    if not form.is_valid():
        return _page(request, assessment, status=400, form=form)
    assessment_submit_score(assessment_id=pk, actor=acting_user(request), data=form.score_input())
    messages.success(request, _("Your scorecard is submitted. The panel's scores are below."))
    return _to_page(pk, "#panel")


@require_POST
@roles_required(*WRITERS)
def assessment_amend(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request.user, pk)
    form = AmendForm(scorecard_criteria(assessment), request.POST)
    if not form.is_valid():
        return _page(request, assessment, status=400, amend_form=form, open_part="amend")
    assessment_amend_score(
        assessment_id=pk,
        actor=acting_user(request),
        data=form.score_input(),
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Your amendment is recorded as a new revision."))
    return _to_page(pk, "#panel")


@require_POST
@roles_required(*WRITERS)
def assessment_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline the seat with a reason; the service seats a replacement (or marks the
    panel short). The assessment is no longer the assessor's: back to the inbox."""
    assessment = visible_assessment(request.user, pk)
    form = DeclineForm(request.POST, prefix="decline")
    if not form.is_valid():
        return _page(request, assessment, status=400, decline_form=form, open_part="decline")
    assessment_decline(
        assessment_id=pk, actor=acting_user(request), reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("You have left this panel. The next free member of the unit takes your seat."),
    )
    return HttpResponseRedirect(reverse("web:inbox"))


@require_POST
@roles_required(*WRITERS)
def assessment_written_score(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request.user, pk)
    form = WrittenScoreForm(request.POST)
    if not form.is_valid():
        return _page(request, assessment, status=400, written_form=form)
    assessment_record_written_score(
        assessment_id=pk, actor=acting_user(request), score=form.cleaned_data["score"]
    )
    messages.success(request, _("The written test's score is recorded."))
    return _to_page(pk)
