"""The designer's forms: a track's settings, its stages in order, and a rule draft.

They parse and check what a person typed; the services (`track_save`,
`track_set_stages`, `rule_save`) decide the rest, and their refusals are put back on
the field, or the stage, they concern.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from candidates.web.labels import STAGE_KIND
from candidates.web.roles import ROLE_LABELS
from recruiting.models import EligibilityRule, StageKind, Track
from recruiting.permissions import MayMoveApplications
from recruiting.roles import Role

TRACK_KINDS = [(Track.Kind.STANDARD, _("Standard")), (Track.Kind.FAST, _("Fast track"))]
ROUTINGS = [
    (Track.Routing.AUTO, _("Route matching applications automatically")),
    (Track.Routing.SUGGEST, _("Suggest the fast track to a recruiter")),
]
STAGE_KINDS = [(kind, STAGE_KIND[kind]) for kind in StageKind.values]
# Roles that may be allowed to move applications out of a stage: the API's movers.
MOVER_ROLES = [(role.value, ROLE_LABELS[role]) for role in MayMoveApplications.writers]
# Stages that hold an assessment panel, and the one with a pass mark.
PANEL_KINDS = frozenset({StageKind.BU_ASSESSMENT, StageKind.WRITTEN_TEST, StageKind.INTERVIEW})
PANEL_DEFAULTS = {
    "panel_size": 3,
    "quorum": 2,
    "pass_threshold": Decimal(3),
    "fail_threshold": Decimal(2),
}
MAX_STAGES = 30
MAX_DEFINITION = 100_000

# The services' fixed messages, in the reader's language (others are shown as they are).
SERVICE_MESSAGES = {
    "A track needs at least one stage.": _("A track needs at least one stage."),
    "A hired stage must be the last, and only one.": _(
        "A hired stage must be the last, and only one."
    ),
    "A fast track has no written test.": _("A fast track has no written test."),
    "A fast track needs a business-unit assessment.": _(
        "A fast track needs a business-unit assessment."
    ),
    "An SLA is more than zero and at most a year.": _(
        "An SLA is more than zero and at most a year."
    ),
    "A track needs a name.": _("A track needs a name."),
    "A fallback is a standard track.": _("A fallback is a standard track."),
    "A track cannot fall back to itself.": _("A track cannot fall back to itself."),
    "Name the stage kind to fall back to.": _("Name the stage kind to fall back to."),
    "A standard track has no eligibility rules; delete them first.": _(
        "A standard track has no eligibility rules; delete them first."
    ),
}
# List-wide problems, and the kind of stage each concerns (marked beside those stages).
STAGE_KIND_OF_PROBLEM = {
    "A hired stage must be the last, and only one.": StageKind.HIRED,
    "A fast track has no written test.": StageKind.WRITTEN_TEST,
}
STAGE_KEY = re.compile(r"^stages\[(\d+)\]\.(\w+)$")
# Where a service's stage field shows in the form.
STAGE_FIELD = {"sla": "sla_days", "movers": "movers"}


def in_reader_language(message: str) -> str:
    known = SERVICE_MESSAGES.get(message)
    return str(known) if known is not None else message


def add_service_errors(form: forms.BaseForm, fields: dict[str, list[str]]) -> None:
    """A service's field problems on the form's fields (else on the whole form)."""
    for name, messages in fields.items():
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, in_reader_language(message))


class NewTrackForm(forms.Form):
    track: Track | None = None  # the track being changed (none while creating)

    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=TRACK_KINDS)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        namesakes = Track.objects.filter(name=name)
        if self.track is not None:
            namesakes = namesakes.exclude(pk=self.track.pk)
        if namesakes.exists():
            raise forms.ValidationError(gettext("A track of that name exists already."))
        return name


class TrackForm(NewTrackForm):
    routing = forms.ChoiceField(
        label=_("Routing"),
        choices=ROUTINGS,
        help_text=_("For fast tracks: what happens when one of its rules matches."),
    )
    fallback_track = forms.ModelChoiceField(
        label=_("Fallback track"),
        queryset=Track.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Where a failed business-unit assessment can send an application."),
    )
    fallback_stage_kind = forms.ChoiceField(
        label=_("Fallback stage"),
        choices=[("", _("None")), *STAGE_KINDS],
        required=False,
        help_text=_("The kind of stage it lands on in the fallback track."),
    )

    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.track = track
        fallback = self.fields["fallback_track"]
        assert isinstance(fallback, forms.ModelChoiceField)
        fallback.queryset = Track.objects.filter(kind=Track.Kind.STANDARD).exclude(pk=track.pk)

    @staticmethod
    def initial_for(track: Track) -> dict[str, Any]:
        return {
            "name": track.name,
            "kind": track.kind,
            "description": track.description,
            "routing": track.routing,
            "fallback_track": track.fallback_track_id,
            "fallback_stage_kind": track.fallback_stage_kind,
        }


def _threshold(label: Any, initial: Decimal) -> forms.DecimalField:
    """A panel's median to pass or fail at, on the 1-4 scale of scorecards."""
    return forms.DecimalField(
        label=label,
        min_value=Decimal(1),
        max_value=Decimal(4),
        max_digits=3,
        decimal_places=2,
        initial=initial,
        required=False,
    )


class StageForm(forms.Form):
    position = forms.IntegerField(
        label=_("Position"), min_value=1, max_value=MAX_STAGES * 10, required=False
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=STAGE_KINDS)
    sla_days = forms.IntegerField(label=_("Days"), min_value=0, max_value=9999, required=False)
    sla_hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=9999, required=False)
    movers = forms.MultipleChoiceField(
        label=_("Who may move applications out"),
        choices=MOVER_ROLES,
        initial=[Role.ADMIN.value, Role.RECRUITER.value],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scorecard = forms.TypedChoiceField(
        label=_("Scorecard"), coerce=int, empty_value=None, required=False
    )
    panel_size = forms.IntegerField(
        label=_("Panel size"), min_value=1, max_value=15, initial=3, required=False
    )
    quorum = forms.IntegerField(
        label=_("Quorum"), min_value=1, max_value=15, initial=2, required=False
    )
    pass_threshold = _threshold(_("Pass at or above"), Decimal(3))
    fail_threshold = _threshold(_("Fail at or below"), Decimal(2))
    auto_advance = forms.BooleanField(label=_("Advance on a pass"), required=False)
    anonymize = forms.BooleanField(label=_("Anonymise for assessors"), required=False)
    pass_mark = forms.IntegerField(
        label=_("Written-test pass mark"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args: Any, scorecards: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scorecard = self.fields["scorecard"]
        assert isinstance(scorecard, forms.TypedChoiceField)
        scorecard.choices = [("", gettext("None")), *scorecards]
        self.service_errors: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Panel settings left blank (a stage without a panel) take the usual values.
        for name, default in PANEL_DEFAULTS.items():
            if name in data and data[name] is None:
                data[name] = default
        panel, quorum = data.get("panel_size"), data.get("quorum")
        if panel is not None and quorum is not None and quorum > panel:
            self.add_error("quorum", gettext("The quorum cannot exceed the panel."))
        passing, failing = data.get("pass_threshold"), data.get("fail_threshold")
        if passing is not None and failing is not None and failing >= passing:
            self.add_error(
                "fail_threshold", gettext("The fail threshold is below the pass threshold.")
            )
        kind = data.get("kind")
        if kind and kind != StageKind.HIRED and not data.get("movers"):
            self.add_error("movers", gettext("Choose at least one role."))
        return data

    def has_changed(self) -> bool:
        # An added stage counts once it has a name: its kind and numbers come filled in.
        if self.is_bound and self.empty_permitted:
            return bool(str(self.data.get(self.add_prefix("name"), "")).strip())
        return super().has_changed()

    @property
    def is_removed(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("DELETE")))

    def stage_data(self, scorecards: dict[int, Any]) -> dict[str, Any]:
        """What `track_set_stages` takes for this stage."""
        data = self.cleaned_data
        days, hours = data.get("sla_days"), data.get("sla_hours")
        sla = None
        if days is not None or hours is not None:
            sla = timedelta(days=days or 0, hours=hours or 0)
        return {
            "name": data["name"].strip(),
            "kind": data["kind"],
            "sla": sla,
            "movers": list(data["movers"]),
            "scorecard": scorecards.get(data["scorecard"]) if data.get("scorecard") else None,
            "panel_size": data["panel_size"],
            "quorum": data["quorum"],
            "pass_threshold": data["pass_threshold"],
            "fail_threshold": data["fail_threshold"],
            "auto_advance": data["auto_advance"],
            "anonymize": data["anonymize"],
            "pass_mark": data.get("pass_mark"),
        }

    @staticmethod
    def initial_for(stage: Any, position: int) -> dict[str, Any]:
        sla: timedelta | None = stage.sla
        return {
            "position": position,
            "name": stage.name,
            "kind": stage.kind,
            "sla_days": sla.days if sla is not None else None,
            "sla_hours": sla.seconds // 3600 if sla is not None else None,
            "movers": list(stage.movers),
            "scorecard": stage.scorecard_id,
            "panel_size": stage.panel_size,
            "quorum": stage.quorum,
            "pass_threshold": stage.pass_threshold,
            "fail_threshold": stage.fail_threshold,
            "auto_advance": stage.auto_advance,
            "anonymize": stage.anonymize,
            "pass_mark": stage.pass_mark,
        }


class BaseStageFormSet(forms.BaseFormSet[StageForm]):
    def __init__(self, *args: Any, scorecards: list[tuple[int, str]], **kwargs: Any) -> None:
        self.scorecards = scorecards
        super().__init__(*args, **kwargs)
        self.list_errors: list[str] = []

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"scorecards": self.scorecards}

    def ordered_forms_all(self) -> list[StageForm]:
        """Every form in the order the person set (positions, then as sent), removed
        ones included, as the page shows them back."""

        def key(pair: tuple[int, StageForm]) -> tuple[int, int]:
            index, form = pair
            raw = form.data.get(form.add_prefix("position")) if form.is_bound else None
            try:
                position = int(raw or "x")
            except (TypeError, ValueError):
                position = 10_000  # no position: at the end, in the order sent
            return position, index

        return [form for _, form in sorted(enumerate(self.forms), key=key)]

    def kept_forms(self) -> list[StageForm]:
        """The stages to save: neither removed nor added and left blank."""
        return [
            form
            for form in self.ordered_forms_all()
            if not form.is_removed and not (form.empty_permitted and not form.has_changed())
        ]

    def stage_rows(self, scorecards: dict[int, Any]) -> list[dict[str, Any]]:
        return [form.stage_data(scorecards) for form in self.kept_forms()]

    def add_service_errors(self, fields: dict[str, list[str]]) -> None:
        """`track_set_stages`' problems beside the stages they name: `stages[2].sla` on
        the third kept stage's SLA, a list-wide problem above the list and on the
        stages of the kind it is about."""
        kept = self.kept_forms()
        for key, messages in fields.items():
            match = STAGE_KEY.match(key)
            if match and int(match.group(1)) < len(kept):
                form = kept[int(match.group(1))]
                field = STAGE_FIELD.get(match.group(2))
                for message in messages:
                    form.add_error(field, in_reader_language(message))
                continue
            for message in messages:
                self.list_errors.append(in_reader_language(message))
                kind = STAGE_KIND_OF_PROBLEM.get(message)
                for form in kept:
                    if kind is not None and form.cleaned_data.get("kind") == kind:
                        form.service_errors.append(in_reader_language(message))


StageFormSet = forms.formset_factory(
    StageForm,
    formset=BaseStageFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_STAGES,
    validate_max=True,
    absolute_max=MAX_STAGES,
)


class DraftForm(forms.Form):
    """A rule's definition as JSON text (what the builder keeps in sync)."""

    definition = forms.CharField(
        label=_("Definition (JSON)"),
        max_length=MAX_DEFINITION,
        strip=False,
        widget=forms.Textarea({"rows": 14, "spellcheck": "false", "class": "code"}),
    )

    def clean_definition(self) -> object:
        text = self.cleaned_data["definition"]
        try:
            return json.loads(text)
        except ValueError as error:
            line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
            raise forms.ValidationError(
                gettext("This is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": line, "column": column}
            ) from None


class RuleForm(DraftForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    is_active = forms.BooleanField(
        label=_("Active: routes new applications"), required=False, initial=True
    )

    field_order = ["name", "description", "is_active", "definition"]

    def __init__(
        self, *args: Any, track: Track, rule: EligibilityRule | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.track, self.rule = track, rule

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = EligibilityRule.objects.filter(track=self.track, name=name)
        if self.rule is not None:
            others = others.exclude(pk=self.rule.pk)
        if others.exists():
            raise forms.ValidationError(gettext("This track has a rule of that name already."))
        return name

    def rule_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "definition": data["definition"],
            "is_active": data["is_active"],
        }
