"""The unit lead's panel view: open panels with their seats (reassign a seat, short
panels first), and decided panels whose proposal (advance, reject, fall back) waits
for a person. Each action is one service call against the version the page showed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.assessments.seats import assessment_reassign
from candidates.models import Assessment
from candidates.services.applications import application_advance, application_reject
from candidates.services.fast_track import application_fallback
from candidates.web.assessments.forms import (
    AdvanceForm,
    FallbackForm,
    PanelFilter,
    ReassignForm,
    RejectForm,
)
from candidates.web.assessments.panel_cards import (
    CHOICES,
    DECIDE,
    PAGE_SIZE,
    PanelCard,
    open_panels,
    overseen,
    panel_card,
    panel_cards,
    panels_to_decide,
    rejection_reasons,
    report_units,
)
from candidates.web.roles import roles_required
from candidates.web.templatetags.web import label
from recruiting.errors import Conflict, InvalidInput, NotFound
from recruiting.roles import Role, acting_user

READERS = (Role.ADMIN, Role.UNIT_LEAD, Role.RECRUITER, Role.VIEWER)
DECIDERS = (Role.ADMIN, Role.UNIT_LEAD, Role.RECRUITER)
TEMPLATE = "assessments/panels.html"


@roles_required(*READERS)
def panel_list(request: HttpRequest) -> HttpResponse:
    filters = PanelFilter(request.GET)
    if not filters.is_valid():
        raise InvalidInput(_("Those filters are not valid."))
    view, unit, page = (filters.cleaned_data[k] for k in ("view", "unit", "page"))
    scope = overseen(request.user)
    if unit:
        scope = scope.filter(application__job__unit_id=unit)
    listed = panels_to_decide(scope) if view == DECIDE else open_panels(scope)
    start = (page - 1) * PAGE_SIZE
    found = list(listed[start : start + PAGE_SIZE + 1])
    cards = panel_cards(request.user, found[:PAGE_SIZE])
    context = {
        "view": view,
        "unit": unit,
        "units": report_units(request.user),
        "cards": cards,
        "page": page,
        "has_next": len(found) > PAGE_SIZE,
        "open_count": open_panels(scope).count(),
        "decide_count": panels_to_decide(scope).count(),
        "reasons": rejection_reasons(cards),
        "next": request.get_full_path(),
    }
    return render(request, TEMPLATE, context)


def _card(request: HttpRequest, pk: int) -> PanelCard:
    card = panel_card(request.user, pk)
    if card is None:
        raise NotFound("No such assessment, or not visible to you.")
    return card


def _answer(request: HttpRequest, pk: int, done: str) -> HttpResponse:
    """The refreshed card for htmx (it replaces itself), else back where the form was."""
    if request.htmx:  # type: ignore[attr-defined]
        card = _card(request, pk)
        context = {
            "card": card,
            "reasons": rejection_reasons([card]),
            "done": done,
            "next": request.POST.get("next", ""),
            "embedded": request.POST.get("embedded") == "1",
        }
        return render(request, f"{TEMPLATE}#panel", context)
    target = request.POST.get("next") or reverse("web:panels")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:panels")
    messages.success(request, done)
    return HttpResponseRedirect(target)


def _invalid(form: Any) -> InvalidInput:
    problems = "; ".join(f"{e}" for errors in form.errors.values() for e in errors)
    return InvalidInput(_("Not done: %(problems)s") % {"problems": problems})


@require_POST
@roles_required(*DECIDERS)
def panel_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an assessor off the panel and seat the one picked, or the best free member.
    The service refuses a conflict of interest, a non-member, a submitted seat."""
    _card(request, pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    assessment_reassign(
        assessment_id=pk,
        actor=acting_user(request),
        remove_user_id=form.cleaned_data["remove"],
        add_user_id=form.cleaned_data["add"],
        reason=form.cleaned_data["reason"],
    )
    return _answer(request, pk, _("The seat is reassigned."))


def _waiting(card: PanelCard, choice: str) -> Assessment:
    """The decided assessment whose application still waits at its stage: a form left
    open after someone else acted must not act on the application's later stage."""
    assessment = card.assessment
    if assessment.status != Assessment.Status.DECIDED or not card.at_stage:
        raise Conflict(
            _(
                "This panel's decision has been acted on, or the application has moved on; "
                "nothing was changed. Reload the page to see where it stands."
            )
        )
    if choice not in CHOICES.get(assessment.result, ()):  # type: ignore[call-overload]
        raise Conflict(
            _("A panel that decided “%(result)s” is not followed by this action.")
            % {"result": label(assessment.result, "result")}
        )
    return assessment


@require_POST
@roles_required(*DECIDERS)
def panel_advance(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _waiting(_card(request, pk), "advance")
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    application_advance(
        application_id=assessment.application_id,
        expected_version=form.cleaned_data["version"],
        actor=acting_user(request),
        reason=form.cleaned_data["reason"]
        or f"Assessment #{pk} decided {assessment.result}; advanced by a person.",
    )
    return _answer(request, pk, _("The application advanced to the next stage."))


@require_POST
@roles_required(*DECIDERS)
def panel_reject(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _waiting(_card(request, pk), "reject")
    form = RejectForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    application_reject(
        application_id=assessment.application_id,
        expected_version=form.cleaned_data["version"],
        actor=acting_user(request),
        rejection_reason=form.cleaned_data["rejection_reason"],
        note=form.cleaned_data["note"],
    )
    return _answer(request, pk, _("The application is rejected."))


@require_POST
@roles_required(*DECIDERS)
def panel_fallback(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _waiting(_card(request, pk), "fallback")
    form = FallbackForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    application_fallback(
        application_id=assessment.application_id,
        expected_version=form.cleaned_data["version"],
        actor=acting_user(request),
        reason=form.cleaned_data["reason"],
    )
    return _answer(request, pk, _("The application fell back to the standard track."))
