"""The profile's forms: a candidate with their publications and awards, applying them to
a job, and the input each action on an application takes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from candidates.models import Award, Candidate, Education, Publication, Source
from candidates.services.candidates import candidate_check_identity
from candidates.web import labels
from recruiting.errors import Conflict, InvalidInput
from recruiting.models import Job, RejectionReason, Specialty

User = get_user_model()
MAX_VERSION = 2**31 - 1
MAX_ID = 2**63 - 1
MAX_LINKS = 20
EXTRA_ROWS = 2


def specialty_name(specialty: Specialty) -> str:
    """Specialties have Chinese names in the data: shown in zh-hans."""
    chinese = (get_language() or "").lower().startswith("zh")
    return specialty.name_zh if chinese and specialty.name_zh else specialty.name


class SpecialtyChoices(forms.ModelMultipleChoiceField[Specialty]):
    def label_from_instance(self, obj: Any) -> str:
        return specialty_name(obj)


class SpecialtyChoice(forms.ModelChoiceField[Specialty]):
    def label_from_instance(self, obj: Any) -> str:
        return specialty_name(obj)


class PersonChoice(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def _choices(table: dict[Any, Any], values: Any) -> list[tuple[str, Any]]:
    return [(value, table.get(value, value)) for value in values]


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Any format; numbers without a country code are read as Chinese."),
    )
    current_employer = forms.CharField(label=_("Current employer"), max_length=200, required=False)
    school = forms.CharField(label=_("School"), max_length=200, required=False)
    education = forms.ChoiceField(label=_("Education"))
    years_experience = forms.DecimalField(
        label=_("Years of experience"),
        min_value=0,
        max_value=60,
        max_digits=3,
        decimal_places=1,
        required=False,
    )
    source = forms.ChoiceField(label=_("Source"))
    referred_by = PersonChoice(
        label=_("Referred by"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "username"),
        required=False,
        empty_label=_("Nobody"),
    )
    specialties = SpecialtyChoices(
        label=_("Specialties"),
        queryset=Specialty.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    salary_expectation = forms.IntegerField(
        label=_("Expected salary (CNY a month)"), min_value=0, max_value=10_000_000, required=False
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address a line: a homepage, GitHub, Google Scholar…"),
    )

    def __init__(self, *args: Any, candidate: Candidate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        education = self.fields["education"]
        source = self.fields["source"]
        assert isinstance(education, forms.ChoiceField)
        assert isinstance(source, forms.ChoiceField)
        education.choices = _choices(labels.EDUCATION, Education.values)
        source.choices = _choices(labels.SOURCE, Source.values)

    def clean_years_experience(self) -> Decimal:
        return self.cleaned_data["years_experience"] or Decimal(0)

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(
                _("At most %(count)s links.") % {"count": MAX_LINKS}, code="too_many"
            )
        field = forms.URLField(max_length=500, assume_scheme="https")
        cleaned = []
        for line in lines:
            try:
                cleaned.append(field.clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address.") % {"link": line[:80]}, code="invalid"
                ) from None
        return cleaned

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, phone = data.get("email", ""), data.get("phone", "")
        if "email" in data and "phone" in data and not email.strip() and not phone.strip():
            raise forms.ValidationError(_("A candidate needs an email or a phone number."))
        exclude = self.candidate.pk if self.candidate else 0
        # Each on its own, so that a bad phone does not hide a duplicate email.
        for field, given in (("email", {"email": email}), ("phone", {"phone": phone})):
            if field in self.errors or not given[field].strip():
                continue
            try:
                candidate_check_identity(
                    email=given.get("email", ""), phone=given.get("phone", ""), exclude=exclude
                )
            except (Conflict, InvalidInput) as refusal:
                self.add_refusal(refusal)
        return data

    def add_refusal(self, refusal: Conflict | InvalidInput) -> None:
        """The service's refusal beside the field it concerns; a duplicate links to the
        person who has that email or phone already."""
        extra = refusal.extra
        if isinstance(refusal, Conflict) and extra.get("existing_id"):
            field = extra.get("field", "email")
            existing = Candidate.objects.filter(pk=extra["existing_id"]).only("full_name").first()
            link = format_html(
                '{} <a href="{}">{}</a>',
                _("Another candidate has this %(field)s already:")
                % {"field": _("email") if field == "email" else _("phone number")},
                reverse("web:candidate", args=[extra["existing_id"]]),
                existing.full_name if existing else f"#{extra['existing_id']}",
            )
            self.add_error(field if field in self.fields else None, link)
            return
        fields = extra.get("fields") or {}
        named = next((name for name in fields if name in self.fields), None)
        # The service's one refusal of a field's value, in the reader's language.
        message = _("Enter a valid phone number.") if named == "phone" else refusal.message
        self.add_error(named, message)

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["email"] = data["email"].strip()
        data["phone"] = data["phone"].strip()
        data["specialties"] = list(data["specialties"])
        return data


def candidate_initial(candidate: Candidate) -> dict[str, Any]:
    return {
        "full_name": candidate.full_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "current_employer": candidate.current_employer,
        "school": candidate.school,
        "education": candidate.education,
        "years_experience": candidate.years_experience,
        "source": candidate.source,
        "referred_by": candidate.referred_by_id,
        "specialties": [s.pk for s in candidate.specialties.all()],
        "salary_expectation": candidate.salary_expectation,
        "links": "\n".join(str(link) for link in candidate.links or []),
    }


class PublicationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    venue = forms.CharField(label=_("Venue"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    # An initial value the empty row shows: an untouched row is then unchanged, and skipped.
    tier = forms.ChoiceField(label=_("Tier"), initial=Publication.Tier.OTHER)
    specialty = SpecialtyChoice(
        label=_("Specialty"),
        queryset=Specialty.objects.order_by("name"),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tier = self.fields["tier"]
        assert isinstance(tier, forms.ChoiceField)
        tier.choices = _choices(labels.PUBLICATION_TIER, Publication.Tier.values)


class AwardForm(forms.Form):
    name = forms.CharField(label=_("Award"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), initial=Award.Level.NATIONAL)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = _choices(labels.AWARD_LEVEL, Award.Level.values)


PublicationFormSet = forms.formset_factory(
    PublicationForm, extra=EXTRA_ROWS, can_delete=True, max_num=200, validate_max=True
)
AwardFormSet = forms.formset_factory(
    AwardForm, extra=EXTRA_ROWS, can_delete=True, max_num=100, validate_max=True
)


def kept_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The rows filled in and not marked for removal, as the service takes them."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def publication_initial(candidate: Candidate) -> list[dict[str, Any]]:
    return [
        {
            "title": p.title,
            "venue": p.venue,
            "year": p.year,
            "tier": p.tier,
            "specialty": p.specialty,
        }
        for p in candidate.publications.all()
    ]


def award_initial(candidate: Candidate) -> list[dict[str, Any]]:
    return [{"name": a.name, "level": a.level, "year": a.year} for a in candidate.awards.all()]


class JobChoice(forms.ModelChoiceField[Job]):
    def label_from_instance(self, obj: Any) -> str:
        chinese = (get_language() or "").lower().startswith("zh")
        city = obj.location.city_zh if chinese and obj.location.city_zh else obj.location.city
        return f"{obj.title} · {obj.unit.name} · {city}"


class ApplyForm(forms.Form):
    job = JobChoice(label=_("Job"), queryset=Job.objects.none())

    def __init__(self, *args: Any, jobs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["job"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = jobs
        field.empty_label = _("Pick an open job")


class ActionVersion(forms.Form):
    """The version of the application a person saw when they opened an action's form."""

    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION)


# The input of each action on an application. Every one carries the version the
# person read, and a note.


class ActionForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, options: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options or {}

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"expected_version": data["version"], "note": data.get("note", "")}


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "reason": self.cleaned_data.get("reason", "")}


class RequiredReasonForm(ReasonForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(RequiredReasonForm):
    field_order = ["version", "to_stage", "reason", "note"]
    to_stage = forms.TypedChoiceField(label=_("To the stage"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_stage"]
        assert isinstance(field, forms.TypedChoiceField)
        stages = [(s.pk, s.name) for s in self.options.get("stages", [])]
        field.choices = [("", _("Pick a stage")), *stages]

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "to_stage_id": self.cleaned_data["to_stage"]}


class RejectForm(ActionForm):
    field_order = ["version", "rejection_reason", "note"]
    rejection_reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        empty_label=_("Pick a reason"),
    )

    def service_arguments(self) -> dict[str, Any]:
        return {
            **super().service_arguments(),
            "rejection_reason": self.cleaned_data["rejection_reason"],
        }


class TrackSelect(forms.Select):
    """Each fast track says whether switching to it needs an override (profiles.js
    ticks the box to match)."""

    needs_override: frozenset[int] = frozenset()

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["data-needs-override"] = (
            "true" if getattr(value, "value", value) in self.needs_override else "false"
        )
        return option


class SwitchTrackForm(ReasonForm):
    field_order = ["version", "track", "override", "reason", "note"]
    track = forms.TypedChoiceField(
        label=_("Fast track"), coerce=int, widget=TrackSelect(attrs={"data-override-follows": ""})
    )
    override = forms.BooleanField(
        label=_("Override the rules (they do not hold for this candidate)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["track"]
        assert isinstance(field, forms.TypedChoiceField)
        tracks = self.options.get("tracks", [])
        field.choices = [(t["id"], t["label"]) for t in tracks]
        assert isinstance(field.widget, TrackSelect)
        field.widget.needs_override = frozenset(
            t["id"] for t in tracks if t.get("eligible") is False
        )
        if not self.options.get("may_override"):
            del self.fields["override"]
        else:
            self.fields["reason"].label = _("Reason (required for an override)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("override") and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("An override of the fast-track rules needs a written reason.")
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        return {
            **super().service_arguments(),
            "track_id": self.cleaned_data["track"],
            "override": bool(self.cleaned_data.get("override")),
        }
