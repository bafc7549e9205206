"""The candidate and application profile, the candidate form, applying to a job and
the actions on an application. Each view parses, calls one service or selector, and
renders; refusals come from the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.models import Application, Candidate
from candidates.selectors import application_eligibility, applications_visible_to
from candidates.services.applications import application_create
from candidates.services.candidates import candidate_create, candidate_update
from candidates.web.profiles import actions
from candidates.web.profiles.forms import (
    ActionVersion,
    ApplyForm,
    AwardFormSet,
    CandidateForm,
    PublicationFormSet,
    award_initial,
    candidate_initial,
    kept_rows,
    publication_initial,
)
from candidates.web.profiles.pages import EDITORS, open_jobs_for, profile_context
from candidates.web.profiles.selectors import candidates_for_profile
from candidates.web.roles import roles_required
from recruiting.errors import Conflict, DomainError, InvalidInput, NotFound
from recruiting.roles import Role, acting_user


def _candidate(request: HttpRequest, pk: int) -> Candidate:
    return get_object_or_404(candidates_for_profile(request.user), pk=pk)


def _application(request: HttpRequest, pk: int) -> Application:
    visible = applications_visible_to(request.user).select_related("job__unit", "created_by")
    return get_object_or_404(visible, pk=pk)


@roles_required()
def candidate_profile(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    context = profile_context(request.user, candidate, focus=None, now=timezone.now())
    return render(request, "profiles/profile.html", context)


def _application_page(
    request: HttpRequest, application: Application, *, refusal: DomainError | None = None
) -> HttpResponse:
    candidate = _candidate(request, application.candidate_id)
    context = profile_context(request.user, candidate, focus=application, now=timezone.now())
    context["refusal"] = refusal
    return render(
        request, "profiles/profile.html", context, status=refusal.status if refusal else 200
    )


@roles_required()
def application_profile(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, _application(request, pk))


@roles_required(Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD)
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: the action's form as a page of its own (without JavaScript, or a dialog's
    link opened in a new tab). POST: take it. A refusal of the engine (a stale version,
    an illegal move, a role that may not) shows the profile as it stands now, with the
    engine's message and its status; nothing was changed."""
    if action not in actions.SPECS:
        raise Http404
    application = _application(request, pk)
    posted = request.method == "POST"
    if posted:
        options = actions.posted_options(action, application)
        form = actions.action_form(action, application, options=options, data=request.POST)
    else:
        form = _shown_form(request, action, application)
    if posted and form.is_valid():
        try:
            change = actions.SPECS[action].service(
                application_id=application.pk,
                actor=acting_user(request),
                **form.service_arguments(),
            )
        except NotFound:
            raise
        except DomainError as refusal:
            return _application_page(request, _application(request, pk), refusal=refusal)
        messages.success(request, actions.done_message(action, change))
        return redirect("web:application", application.pk)
    # A dialog of the profile loads the form alone; without JavaScript it is a page.
    in_dialog = bool(request.htmx)  # type: ignore[attr-defined]
    context = {
        "application": application,
        "name": action,
        "spec": actions.SPECS[action],
        "form": form,
        "in_dialog": in_dialog,
    }
    template = "profiles/action.html#action-form" if in_dialog else "profiles/action.html"
    return render(request, template, context, status=400 if posted else 200)


def _shown_form(request: HttpRequest, action: str, application: Application) -> Any:
    """The form as shown, carrying the version the person saw on the profile."""
    fast_tracks = application_eligibility(application)["tracks"] if action == "switch" else []
    options = actions.shown_options(action, request.user, application, fast_tracks)
    seen = ActionVersion(request.GET)
    version = seen.cleaned_data["version"] if seen.is_valid() else None
    return actions.action_form(action, application, options=options, version=version)


def _candidate_form(
    request: HttpRequest, candidate: Candidate | None
) -> tuple[CandidateForm, Any, Any]:
    data = request.POST if request.method == "POST" else None
    if candidate is None:
        return (
            CandidateForm(data),
            PublicationFormSet(data, prefix="publications"),
            AwardFormSet(data, prefix="awards"),
        )
    return (
        CandidateForm(data, candidate=candidate, initial=candidate_initial(candidate)),
        PublicationFormSet(data, prefix="publications", initial=publication_initial(candidate)),
        AwardFormSet(data, prefix="awards", initial=award_initial(candidate)),
    )


def _save_candidate(request: HttpRequest, candidate: Candidate | None) -> HttpResponse:
    form, publications, awards = _candidate_form(request, candidate)
    posted = request.method == "POST"
    if posted and form.is_valid() and publications.is_valid() and awards.is_valid():
        data = {
            **form.data_for_service(),
            "publications": kept_rows(publications),
            "awards": kept_rows(awards),
        }
        try:
            if candidate is None:
                saved = candidate_create(actor=acting_user(request), data=data)
            else:
                saved = candidate_update(candidate=candidate, data=data)
        except (Conflict, InvalidInput) as refusal:
            # Someone took the email or phone between the form's check and the save.
            form.add_refusal(refusal)
        else:
            if candidate is None:
                messages.success(
                    request, _("%(name)s is added. Apply them to a job below.") % {"name": saved}
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("web:candidate", saved.pk)
    context = {
        "candidate": candidate,
        "form": form,
        "publications": publications,
        "awards": awards,
    }
    return render(request, "profiles/candidate_form.html", context, status=400 if posted else 200)


@roles_required(*EDITORS)
def candidate_new(request: HttpRequest) -> HttpResponse:
    return _save_candidate(request, None)


@roles_required(*EDITORS)
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_candidate(request, _candidate(request, pk))


@require_POST
@roles_required(*EDITORS)
def candidate_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply the candidate to a job; the page says where the routing put them."""
    candidate = _candidate(request, pk)
    form = ApplyForm(request.POST, jobs=open_jobs_for(request.user, candidate))
    if not form.is_valid():
        context = profile_context(request.user, candidate, focus=None, now=timezone.now())
        context["apply_form"] = form
        return render(request, "profiles/profile.html", context, status=400)
    change = application_create(
        candidate=candidate, job=form.cleaned_data["job"], actor=acting_user(request)
    )
    messages.success(request, routing_message(change.application))
    return redirect("web:application", change.application.pk)


def routing_message(application: Application) -> str:
    """Where the fast-track rules sent a new application, in a sentence."""
    job = application.job.title
    reason = application.fast_track_reason or {}
    suggestion = application.fast_track_suggestion or {}
    if application.is_fast_track:
        return _("Applied to %(job)s on the fast track “%(track)s”: rule “%(rule)s” matched.") % {
            "job": job,
            "track": application.track.name,
            "rule": reason.get("rule", ""),
        }
    if suggestion:
        return _(
            "Applied to %(job)s on the track “%(track)s”. Rule “%(rule)s” of “%(fast)s” "
            "matched: a fast track is suggested below."
        ) % {
            "job": job,
            "track": application.track.name,
            "rule": suggestion.get("rule", ""),
            "fast": suggestion.get("track", ""),
        }
    return _("Applied to %(job)s on the track “%(track)s”; no fast-track rule matched.") % {
        "job": job,
        "track": application.track.name,
    }
