"""The track designer, for admins: the list of tracks, a track's settings and stages
in order, and the eligibility-rule builder of a fast track with its "try it".

Writes go through `recruiting.services` (`track_save`, `track_set_stages`,
`rule_save`); the simulation through `candidates.services.simulation.track_simulate`.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from candidates.services.simulation import track_simulate
from candidates.web.designer.catalogue import builder_catalogue
from candidates.web.designer.forms import (
    PANEL_KINDS,
    DraftForm,
    NewTrackForm,
    RuleForm,
    StageForm,
    StageFormSet,
    TrackForm,
    add_service_errors,
)
from candidates.web.designer.selectors import (
    TrackRow,
    rule_suggestions,
    scorecard_choices,
    track_rows,
)
from candidates.web.labels import STAGE_KIND
from candidates.web.roles import roles_required
from recruiting.errors import InvalidInput
from recruiting.models import EligibilityRule, ScorecardTemplate, Track
from recruiting.roles import Role
from recruiting.services import rule_save, rule_track_refusal, track_save, track_set_stages

STAGES_PREFIX = "stages"
# What a new track starts from (saved only when the admin saves the stages).
STARTER_KINDS = {
    Track.Kind.STANDARD: ["review", "screen", "written_test", "interview", "offer", "hired"],
    Track.Kind.FAST: ["review", "bu_assessment", "interview", "offer", "hired"],
}
STARTER_RULE = {"all": [{"fact": "matches_job_specialty", "op": "eq", "value": True}]}


# ---------------------------------------------------------------- the list of tracks


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def track_list(request: HttpRequest) -> HttpResponse:
    form = NewTrackForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            track = track_save(track=None, data=form.cleaned_data)
        except InvalidInput as error:
            add_service_errors(form, error.extra.get("fields", {}))
        else:
            messages.success(
                request,
                _("Track “%(name)s” created. Check its stages, then save them.")
                % {"name": track.name},
            )
            return redirect("web:track", track.pk)
    context = {"rows": track_rows(), "form": form}
    return render(request, "designer/tracks.html", context, status=400 if form.is_bound else 200)


# ---------------------------------------------------------------- the designer


def _row(pk: int) -> TrackRow:
    rows = track_rows(pk)
    if not rows:
        raise Http404
    return rows[0]


def _stage_formset(row: TrackRow, data: QueryDict | None = None) -> Any:
    scorecards = scorecard_choices()
    if data is not None:
        return StageFormSet(data, scorecards=scorecards, prefix=STAGES_PREFIX)  # type: ignore[call-arg]
    if row.stages:
        initial = [StageForm.initial_for(s, i) for i, s in enumerate(row.stages, start=1)]
    else:
        initial = [
            {"position": i, "name": str(STAGE_KIND[kind]), "kind": kind}
            for i, kind in enumerate(STARTER_KINDS[Track.Kind(row.track.kind)], start=1)
        ]
    return StageFormSet(initial=initial, scorecards=scorecards, prefix=STAGES_PREFIX)  # type: ignore[call-arg]


def _with_one_more_stage(data: QueryDict) -> QueryDict:
    """The form sent back with a blank stage at the end (adding without JavaScript)."""
    grown = data.copy()
    key = f"{STAGES_PREFIX}-TOTAL_FORMS"
    with contextlib.suppress(ValueError, TypeError):
        grown[key] = str(int(data.get(key) or "0") + 1)
    return grown


def _designer(
    request: HttpRequest,
    row: TrackRow,
    *,
    formset: Any = None,
    track_form: TrackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    track = row.track
    formset = formset if formset is not None else _stage_formset(row)
    track_form = track_form or TrackForm(initial=TrackForm.initial_for(track), track=track)
    forms = formset.ordered_forms_all() if formset.is_bound else list(formset.forms)
    context = {
        "row": row,
        "track": track,
        "formset": formset,
        "stage_forms": forms,
        "track_form": track_form,
        "panel_kinds": sorted(PANEL_KINDS),
        "next_version": track.current_version + 1,
        "is_fast": track.kind == Track.Kind.FAST,
        "failed": status == 400 and formset.is_bound,
    }
    return render(request, "designer/track.html", context, status=status)


def _saved_message(before: int, after: int, on_before: int) -> str:
    if after == before:
        return _(
            "Stages saved. No application uses version %(version)s yet, so it was changed in place."
        ) % {"version": after}
    if on_before:
        return ngettext(
            "Saved as version %(new)s; %(count)s application keeps version %(old)s.",
            "Saved as version %(new)s; %(count)s applications keep version %(old)s.",
            on_before,
        ) % {"new": after, "count": on_before, "old": before}
    return _(
        "Saved as version %(new)s; the history of earlier applications keeps version %(old)s."
    ) % {"new": after, "old": before}


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def track_designer(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row(pk)
    if request.method == "GET":
        return _designer(request, row)
    if "add_stage" in request.POST:
        formset = _stage_formset(row, _with_one_more_stage(request.POST))
        return _designer(request, row, formset=formset)
    formset = _stage_formset(row, request.POST)
    if formset.is_valid():
        chosen = {form.cleaned_data.get("scorecard") for form in formset.kept_forms()}
        scorecards = ScorecardTemplate.objects.in_bulk([pk for pk in chosen if pk])
        before, on_before = row.track.current_version, row.on_current
        try:
            track = track_set_stages(track=row.track, stages=formset.stage_rows(scorecards))
        except InvalidInput as error:
            formset.add_service_errors(error.extra.get("fields", {}))
        else:
            messages.success(request, _saved_message(before, track.current_version, on_before))
            return redirect("web:track", track.pk)
    return _designer(request, row, formset=formset, status=400)


@roles_required(Role.ADMIN)
@require_POST
def track_settings(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row(pk)
    form = TrackForm(request.POST, track=row.track)
    if form.is_valid():
        try:
            track_save(track=row.track, data=form.cleaned_data)
        except InvalidInput as error:
            add_service_errors(form, error.extra.get("fields", {}))
        else:
            messages.success(request, _("Track settings saved."))
            return redirect("web:track", pk)
    return _designer(request, row, track_form=form, status=400)


# ---------------------------------------------------------------- the rule builder


def _fast_track(pk: int) -> Track:
    track = get_object_or_404(Track, pk=pk)
    refusal = rule_track_refusal(track)
    if refusal:
        raise InvalidInput(_("Eligibility rules belong to fast tracks."))
    return track


def _definition_text(definition: object) -> str:
    return json.dumps(definition, indent=2, ensure_ascii=False)


def _rule_page(
    request: HttpRequest,
    track: Track,
    rule: EligibilityRule | None,
    form: RuleForm,
    *,
    problems: list[dict[str, str]] | None = None,
    simulation: dict[str, Any] | None = None,
    draft_errors: list[str] | None = None,
    tried: bool = False,
    status: int = 200,
) -> HttpResponse:
    problems = problems or []
    context = {
        "track": track,
        "rule": rule,
        "form": form,
        "problems": problems,
        "simulation": simulation,
        "draft_errors": draft_errors or [],
        "tried": tried,
        "builder": builder_catalogue(rule_suggestions(), problems),
    }
    return render(request, "designer/rule.html", context, status=status)


def _rule_form_page(
    request: HttpRequest, track: Track, rule: EligibilityRule | None
) -> HttpResponse:
    if request.method == "GET":
        initial = {
            "name": rule.name if rule else "",
            "description": rule.description if rule else "",
            "is_active": rule.is_active if rule else True,
            "definition": _definition_text(rule.definition if rule else STARTER_RULE),
        }
        return _rule_page(request, track, rule, RuleForm(initial=initial, track=track, rule=rule))
    form = RuleForm(request.POST, track=track, rule=rule)
    problems: list[dict[str, str]] = []
    if form.is_valid():
        try:
            saved = rule_save(rule=rule, track=track, data=form.rule_data())
        except InvalidInput as error:
            fields = dict(error.extra.get("fields", {}))
            problems = fields.pop("definition", [])
            if problems:
                form.add_error("definition", _("The rule is not valid: see the marked conditions."))
            add_service_errors(form, fields)
        else:
            if rule is None:
                text = _("Rule “%(name)s” created (version %(version)s).")
            elif saved.version != rule.version:
                text = _("Rule “%(name)s” saved as version %(version)s.")
            else:
                text = _(
                    "Rule “%(name)s” saved; its conditions are unchanged (version %(version)s)."
                )
            messages.success(request, text % {"name": saved.name, "version": saved.version})
            return redirect("web:rule", track.pk, saved.pk)
    return _rule_page(request, track, rule, form, problems=problems, status=400)


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form_page(request, _fast_track(pk), None)


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int, rule_id: int) -> HttpResponse:
    track = _fast_track(pk)
    rule = get_object_or_404(EligibilityRule, pk=rule_id, track=track)
    return _rule_form_page(request, track, rule)


@roles_required(Role.ADMIN)
@require_POST
def rule_simulate(request: HttpRequest, pk: int) -> HttpResponse:
    """What the draft would have routed among past applications; writes nothing.

    An htmx request gets the result (or the draft's problems) as a fragment, with 200
    so that htmx swaps it in; without JavaScript the rule page comes back with it."""
    track = _fast_track(pk)
    draft = DraftForm(request.POST)
    simulation: dict[str, Any] | None = None
    problems: list[dict[str, str]] = []
    if draft.is_valid():
        try:
            simulation = track_simulate(
                track=track, definition=draft.cleaned_data["definition"], user=request.user
            )
        except InvalidInput as error:
            problems = error.extra.get("fields", {}).get("definition", [])
        else:
            # Those the draft would newly route first, then those on the track already.
            simulation["applications"].sort(key=lambda app: app["track"] == track.name)
    draft_errors = [str(error) for error in draft.errors.get("definition", [])]
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "track": track,
            "simulation": simulation,
            "problems": problems,
            "draft_errors": draft_errors,
            "tried": True,
        }
        return render(request, "designer/rule.html#simulation", context)
    rule = _rule_of(track, request.GET.get("rule"))
    form = RuleForm(
        initial={**request.POST.dict(), "is_active": "is_active" in request.POST},
        track=track,
        rule=rule,
    )
    return _rule_page(
        request,
        track,
        rule,
        form,
        problems=problems,
        simulation=simulation,
        draft_errors=draft_errors,
        tried=True,
    )


def _rule_of(track: Track, rule_id: str | None) -> EligibilityRule | None:
    if not rule_id or not rule_id.isdigit():
        return None
    return EligibilityRule.objects.filter(track=track, pk=int(rule_id)).first()
