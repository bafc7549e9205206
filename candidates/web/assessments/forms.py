"""The assessment pages' forms: the scorecard (a draft, a submission, an amendment),
leaving a panel, a written test's score, the inbox's and the panels' filters, and a
lead's reassignments and decisions. They parse; the services decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from candidates.assessments.scoring import ScoreInput
from candidates.web import labels
from candidates.web.assessments.selectors import MAX_PAGE, SHOW_ALL, SHOW_DONE, SHOW_OPEN
from recruiting.models import RejectionReason

SCALE = [(value, labels.RECOMMENDATION[value]) for value in (1, 2, 3, 4)]
NOTE_LENGTH = 4000


def _scale_field(label: Any, *, required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the four.")},
    )


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of the form, as the template lays it out."""

    criterion: dict[str, Any]
    rating: BoundField
    note: BoundField


class ScorecardForm(forms.Form):
    """Every criterion on the 1-4 scale with a note, an overall recommendation and
    notes. A draft may leave anything out; `complete` (submit, amend) requires every
    rating and the recommendation, with the error beside each one missing."""

    def __init__(
        self, criteria: list[dict[str, Any]], *args: Any, complete: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            pk = criterion["id"]
            self.fields[f"rating_{pk}"] = _scale_field(criterion["name"], required=complete)
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Note on %(criterion)s") % {"criterion": criterion["name"]},
                required=False,
                max_length=NOTE_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["recommendation"] = _scale_field(_("Overall recommendation"), required=complete)
        self.fields["notes"] = forms.CharField(
            label=_("Notes for the panel"),
            required=False,
            max_length=NOTE_LENGTH * 2,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    @staticmethod
    def initial_from(score: dict[str, Any] | None) -> dict[str, Any]:
        """The form's values from a score as `assessment_detail` gives it."""
        if not score:
            return {}
        initial: dict[str, Any] = {
            "recommendation": score["recommendation"],
            "notes": score["notes"],
        }
        for rating in score["ratings"]:
            initial[f"rating_{rating['criterion']}"] = rating["value"]
            initial[f"note_{rating['criterion']}"] = rating["note"]
        return initial

    def rows(self) -> list[CriterionRow]:
        return [
            CriterionRow(c, self[f"rating_{c['id']}"], self[f"note_{c['id']}"])
            for c in self.criteria
        ]

    def score_input(self) -> ScoreInput:
        data = self.cleaned_data
        return ScoreInput(
            ratings={
                c["id"]: (data[f"rating_{c['id']}"], data[f"note_{c['id']}"])
                for c in self.criteria
                if data.get(f"rating_{c['id']}") is not None
            },
            recommendation=data.get("recommendation"),
            notes=data.get("notes", ""),
        )

    def notes_waiting(self) -> list[str]:
        """Criteria with a note but no rating yet: a rating carries its note, so the
        note is kept (in the form) but saved only once the criterion is rated."""
        data = self.cleaned_data
        return [
            c["name"]
            for c in self.criteria
            if data.get(f"note_{c['id']}") and data.get(f"rating_{c['id']}") is None
        ]


class AmendForm(ScorecardForm):
    def __init__(self, criteria: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(criteria, *args, complete=True, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Why you amend it"),
            max_length=NOTE_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("The panel sees this reason beside the new revision."),
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a conflict of interest, or an absence before the due date."),
    )


class WrittenScoreForm(forms.Form):
    score = forms.IntegerField(
        label=_("Score (0 to 100)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class InboxFilter(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (SHOW_OPEN, _("Open assessments")),
            (SHOW_DONE, _("Decided or closed")),
            (SHOW_ALL, _("All")),
        ],
    )
    mine = forms.BooleanField(label=_("Only the panels I sit on"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_show(self) -> str:
        return str(self.cleaned_data.get("show") or SHOW_OPEN)

    def clean_page(self) -> int:
        return int(self.cleaned_data.get("page") or 1)


class ReassignForm(forms.Form):
    remove = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Empty: the best free member, as the service chooses one.
    add = forms.IntegerField(label=_("Replace with"), required=False, min_value=1)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=NOTE_LENGTH)


class VersionForm(forms.Form):
    """A decision on the application, made against the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AdvanceForm(VersionForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class RejectForm(VersionForm):
    rejection_reason = forms.ModelChoiceField(
        label=_("Rejection reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        empty_label=_("Choose a reason"),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_LENGTH)


class FallbackForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PanelFilter(forms.Form):
    view = forms.ChoiceField(
        required=False, choices=[("open", _("Open panels")), ("decide", _("To decide"))]
    )
    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_view(self) -> str:
        return str(self.cleaned_data.get("view") or "open")

    def clean_page(self) -> int:
        return int(self.cleaned_data.get("page") or 1)
