from __future__ import annotations

from typing import Any, cast

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from candidates.models import Application, ApplicationStatus, Candidate
from candidates.models.application import ApplicationQuerySet
from candidates.text_search import contains
from recruiting.models import Job, StageKind


class IdFilter(filters.NumberFilter):
    """An id: a whole number in the database's range, else a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ApplicationFilter(filters.FilterSet):
    job = IdFilter(field_name="job_id")
    track = IdFilter(field_name="track_id")
    stage = IdFilter(field_name="stage_id")
    stage_kind = filters.ChoiceFilter(field_name="stage__kind", choices=StageKind.choices)
    # Not DISTINCT (django-filter's default for this filter): `status IN (…)` is a
    # column of the application itself and cannot repeat a row, while DISTINCT over the
    # list's columns sorts every matching row before the first page comes out.
    status = filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, distinct=False)
    fast_track = filters.BooleanFilter(field_name="is_fast_track")
    unit = IdFilter(field_name="unit_id", method="filter_by_job")
    specialty = IdFilter(field_name="specialty_id", method="filter_by_job")
    location = IdFilter(field_name="location_id", method="filter_by_job")
    drive = IdFilter(field_name="drive_id", method="filter_by_job")
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    overdue = filters.BooleanFilter(method="filter_overdue", label="Time in stage beyond its SLA")
    q = filters.CharFilter(method="filter_text", max_length=200, label="Candidate name or email")

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_overdue(
        self, queryset: QuerySet[Application], name: str, value: Any
    ) -> QuerySet[Application]:
        return cast(ApplicationQuerySet, queryset).overdue(timezone.now(), overdue=bool(value))

    def filter_by_job(
        self, queryset: QuerySet[Application], name: str, value: int
    ) -> QuerySet[Application]:
        """By a column of the job. The jobs' ids are read first (jobs are few), so the
        applications are read by job (one job: from its own index), and none at all when
        no job has that value: a join instead walked every application in list order
        looking for a drive no job belonged to."""
        jobs = list(Job.objects.filter(**{name: value}).values_list("id", flat=True))
        return queryset.filter(job_id__in=jobs)

    def filter_text(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            contains("candidate__full_name", value, insensitive=True)
            | contains("candidate__email_normalized", value.casefold())
        )


class CandidateFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_text", max_length=200, label="Name, email or phone")
    specialty = IdFilter(field_name="specialties")
    source = filters.ChoiceFilter(choices=Candidate._meta.get_field("source").choices)

    class Meta:
        model = Candidate
        fields: list[str] = []

    def filter_text(
        self, queryset: QuerySet[Candidate], name: str, value: str
    ) -> QuerySet[Candidate]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            contains("full_name", value, insensitive=True)
            | contains("email_normalized", value.casefold())
            | contains("phone_normalized", value)
        )
