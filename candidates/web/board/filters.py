"""The filters of the board and the lists: the API's own (`candidates.filters`), with
the controls a page shows (lists of names rather than ids, labels in the reader's
language) and, on one job's board, what means something there."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from candidates.filters import ApplicationFilter
from candidates.models import Application, ApplicationStatus
from candidates.web import labels
from recruiting.models import BusinessUnit, Drive, Job, Location, Specialty, Track
from recruiting.selectors import jobs_visible_to, visible_unit_ids


def in_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def specialty_name(specialty: Any) -> str:
    """A specialty as the reader names it (its Chinese name in zh-hans, when it has one)."""
    return (in_chinese() and specialty.name_zh) or specialty.name


def city_name(location: Any) -> str:
    return (in_chinese() and location.city_zh) or location.city


class LocalizedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Specialty):
            return specialty_name(obj)
        if isinstance(obj, Location):
            return city_name(obj)
        return str(obj)


class LocalizedChoiceFilter(filters.ModelChoiceFilter):
    field_class = LocalizedChoiceField


def units_visible_to(user: Any) -> QuerySet[BusinessUnit]:
    units = visible_unit_ids(user)
    every = BusinessUnit.objects.all()
    return every if units is None else every.filter(pk__in=units)


def _choices(table: dict[Any, Any]) -> list[tuple[Any, Any]]:
    return list(table.items())


ANY = _("Any")
YES_NO = [("true", _("Yes")), ("false", _("No"))]


class YesNoSelect(forms.NullBooleanSelect):
    """Yes, no, or either (sent as nothing rather than "unknown")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", ANY), *YES_NO]


class YesNoFilter(filters.BooleanFilter):
    """A yes/no choice in a select (the API's true/false), empty for either."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", YesNoSelect)
        super().__init__(*args, **kwargs)


class TickFilter(filters.BooleanFilter):
    """A checkbox: ticked, only the applications that are; not ticked, all of them
    (never "only those that are not")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxInput(attrs={"value": "true"}))
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        return super().filter(qs, True) if value is True else qs


SHOW_OPEN = "open"
SHOW_CLOSED = "closed"
SHOW_ALL = "all"
# What the board shows by default: who is still in the running, and who was hired (the
# hired stage's column). Rejected and withdrawn applications are counted, not shown.
SHOWN_STATUSES = {
    SHOW_OPEN: (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD, ApplicationStatus.HIRED),
    SHOW_CLOSED: (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN),
    SHOW_ALL: tuple(ApplicationStatus),
}


class BoardFilter(ApplicationFilter):
    """One job's board: fast track, overdue and text search as the API has them; the
    candidate's specialty and source; who applied during the job's drive; and which
    applications show (in progress by default)."""

    # The API's filters on the job, its tracks and stages: one board is one job and one
    # track version already, and `show` chooses the statuses.
    job = None  # type: ignore[assignment]
    track = None  # type: ignore[assignment]
    stage = None  # type: ignore[assignment]
    stage_kind = None
    status = None
    unit = None  # type: ignore[assignment]
    location = None  # type: ignore[assignment]
    created_after = None
    created_before = None

    fast_track = TickFilter(field_name="is_fast_track")
    overdue = TickFilter(method="filter_overdue_ticked")
    q = filters.CharFilter(method="filter_text", max_length=200)
    specialty = LocalizedChoiceFilter(
        field_name="candidate__specialties", queryset=Specialty.objects.all(), empty_label=ANY
    )
    source = filters.ChoiceFilter(
        field_name="candidate__source", choices=_choices(labels.SOURCE), empty_label=ANY
    )
    drive = TickFilter(method="filter_drive")
    show = filters.ChoiceFilter(
        method="filter_show",
        choices=[
            (SHOW_OPEN, _("In progress and hired")),
            (SHOW_CLOSED, _("Rejected and withdrawn")),
            (SHOW_ALL, _("All")),
        ],
        empty_label=None,
    )

    def __init__(self, *args: Any, job: Job, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board_job = job
        fields = self.form.fields
        fields["q"].label = _("Search")
        fields["q"].widget.attrs.update(type="search", placeholder=_("Name or email"))
        fields["specialty"].label = _("Specialty")
        fields["source"].label = _("Source")
        fields["fast_track"].label = _("Fast track only")
        fields["overdue"].label = _("Overdue only")
        fields["drive"].label = _("Applied during the drive")
        fields["show"].label = _("Show")
        fields["show"].required = False

    def filter_overdue_ticked(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        return self.filter_overdue(queryset, name, True) if value is True else queryset

    def filter_drive(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        drive = self.board_job.drive
        if not value or drive is None:
            return queryset
        return queryset.filter(drive_window(drive))

    def filter_show(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        # Applied per column by the board, which counts the hidden ones too.
        return queryset

    @property
    def shown(self) -> str:
        data = getattr(self.form, "cleaned_data", {})
        return data.get("show") or SHOW_OPEN


def drive_window(drive: Drive) -> Q:
    """Applications created while the drive ran (to the end of its last day)."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(drive.starts_on, time.min, tzinfo=zone)
    window = Q(created_at__gte=start)
    if drive.ends_on:
        end = datetime.combine(drive.ends_on + timedelta(days=1), time.min, tzinfo=zone)
        window &= Q(created_at__lt=end)
    return window


class ApplicationListFilter(ApplicationFilter):
    """The API's filters with lists of names for the ids, scoped to what the reader
    sees: a unit lead picks among their units' jobs only."""

    job = LocalizedChoiceFilter(field_name="job_id", queryset=Job.objects.none(), empty_label=ANY)
    track = LocalizedChoiceFilter(
        field_name="track_id", queryset=Track.objects.all(), empty_label=ANY
    )
    stage_kind = filters.ChoiceFilter(
        field_name="stage__kind", choices=_choices(labels.STAGE_KIND), empty_label=ANY
    )
    status = filters.MultipleChoiceFilter(
        choices=_choices(labels.STATUS), widget=forms.CheckboxSelectMultiple
    )
    fast_track = YesNoFilter(field_name="is_fast_track")
    overdue = YesNoFilter(method="filter_overdue")
    unit = LocalizedChoiceFilter(
        field_name="job__unit_id", queryset=BusinessUnit.objects.none(), empty_label=ANY
    )
    specialty = LocalizedChoiceFilter(
        field_name="job__specialty_id", queryset=Specialty.objects.all(), empty_label=ANY
    )
    location = LocalizedChoiceFilter(
        field_name="job__location_id", queryset=Location.objects.all(), empty_label=ANY
    )
    drive = LocalizedChoiceFilter(
        field_name="job__drive_id", queryset=Drive.objects.all(), empty_label=ANY
    )
    created_after = filters.DateFilter(method="filter_created_after")
    created_before = filters.DateFilter(method="filter_created_before")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["job"].queryset = jobs_visible_to(user).order_by("title", "id")
        fields["unit"].queryset = units_visible_to(user)
        for name, label in LIST_LABELS.items():
            fields[name].label = label
        # A stage id means nothing to a person; links may still carry one.
        fields["stage"].widget = forms.HiddenInput()
        fields["q"].widget.attrs.update(type="search", placeholder=_("Name or email"))
        for name in ("created_after", "created_before"):
            fields[name].widget = forms.DateInput(attrs={"type": "date"})
        self.form.order_fields(list(LIST_LABELS))

    # Dates on the page are days in the reader's time zone; the API takes instants.
    def filter_created_after(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        return queryset.filter(created_at__gte=_start_of(value))

    def filter_created_before(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        # The day named is included: up to the start of the next one.
        return queryset.filter(created_at__lt=_start_of(value + timedelta(days=1)))


def _start_of(day: Any) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


LIST_LABELS = {
    "q": _("Search"),
    "job": _("Job"),
    "track": _("Track"),
    "stage_kind": _("Stage"),
    "status": _("Status"),
    "fast_track": _("Fast track"),
    "overdue": _("Overdue"),
    "unit": _("Unit"),
    "specialty": _("Specialty"),
    "location": _("City"),
    "drive": _("Drive"),
    "created_after": _("Applied from"),
    "created_before": _("Applied until"),
}


class JobListFilter(filters.FilterSet):
    """The jobs list: the API's job filters, and the title."""

    q = filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=200)
    status = filters.ChoiceFilter(choices=_choices(labels.JOB_STATUS), empty_label=ANY)
    unit = LocalizedChoiceFilter(queryset=BusinessUnit.objects.none(), empty_label=ANY)
    specialty = LocalizedChoiceFilter(queryset=Specialty.objects.all(), empty_label=ANY)
    location = LocalizedChoiceFilter(queryset=Location.objects.all(), empty_label=ANY)
    drive = LocalizedChoiceFilter(queryset=Drive.objects.all(), empty_label=ANY)

    class Meta:
        model = Job
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        fields["unit"].queryset = units_visible_to(user)
        fields["q"].widget.attrs.update(type="search", placeholder=_("Job title"))
        for name, label in JOB_LABELS.items():
            fields[name].label = label


JOB_LABELS = {
    "q": _("Search"),
    "status": _("Status"),
    "unit": _("Unit"),
    "specialty": _("Specialty"),
    "location": _("City"),
    "drive": _("Drive"),
}
