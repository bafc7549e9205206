"""The jobs list and the applications list (with its CSV export), filterable, sortable
and scoped as the API's lists are."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from candidates.web.board import export, keyset
from candidates.web.board.filters import (
    ApplicationListFilter,
    JobListFilter,
    city_name,
    specialty_name,
)
from candidates.web.board.list_selectors import (
    APPLICATION_SORTS,
    DEFAULT_APPLICATION_SORT,
    DEFAULT_JOB_SORT,
    JOB_SORTS,
    application_rows,
    decorate_rows,
    jobs_for_list,
)
from candidates.web.roles import roles_required
from recruiting.roles import Role, has_role

READERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER)
JOBS_PAGE = 50
# Sortable columns, and the direction each starts in.
JOB_COLUMNS = {
    "title": "title",
    "unit": "unit",
    "status": "status",
    "open": "-open",
    "overdue": "-overdue",
    "created": "-created",
}
APPLICATION_COLUMNS = {"name": "name", "created": "-created", "in_stage": "in_stage"}
APPLICATIONS_PAGE = 50


def _without(params: QueryDict, *names: str) -> str:
    """The query string without `names` and without empty values."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in names:
            continue
        for value in values:
            if value:
                kept.appendlist(name, value)
    return kept.urlencode()


def _sort_links(params: QueryDict, sort: str, columns: dict[str, str]) -> dict[str, Any]:
    """For each sortable column: its link (the other direction when it is the current
    sort) and the current direction, if any."""
    base = _without(params, "sort", "after", "before", "page")
    links = {}
    for name, first in columns.items():
        descending = sort == f"-{name}"
        current = sort in (name, f"-{name}")
        wanted = (name if descending else f"-{name}") if current else first
        query = f"{base}&sort={wanted}" if base else f"sort={wanted}"
        links[name] = {
            "url": f"?{query}",
            "current": ("descending" if descending else "ascending") if current else "",
        }
    return links


@require_GET
@roles_required(*READERS)
def job_list(request: HttpRequest) -> HttpResponse:
    """Every job the reader may see, with its open applications and how many are
    overdue, each linked to its board."""
    filters = JobListFilter(request.GET, queryset=jobs_for_list(request.user), user=request.user)
    sort = request.GET.get("sort", "")
    sort = sort if sort in JOB_SORTS else DEFAULT_JOB_SORT
    context: dict[str, Any] = {
        "filters": filters,
        "sort": sort,
        "sorts": _sort_links(request.GET, sort, JOB_COLUMNS),
        "page_query": _without(request.GET, "page"),
        "filtered": bool(_without(request.GET, "page", "sort")),
    }
    if not filters.is_valid():
        return render(request, "lists/jobs.html", context, status=400)
    jobs = filters.qs.order_by(*JOB_SORTS[sort])
    page = Paginator(jobs, JOBS_PAGE).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.specialty_label = specialty_name(job.specialty)
        job.city_label = city_name(job.location)
    context["page"] = page
    return render(request, "lists/jobs.html", context)


def _applications(request: HttpRequest) -> tuple[ApplicationListFilter, str]:
    filters = ApplicationListFilter(
        request.GET, queryset=application_rows(request.user), user=request.user
    )
    sort = request.GET.get("sort", "")
    return filters, sort if sort in APPLICATION_SORTS else DEFAULT_APPLICATION_SORT


@require_GET
@roles_required(*READERS)
def application_list(request: HttpRequest) -> HttpResponse:
    """The applications the reader may see, filtered as the API filters them, a page at
    a time after a keyset position (no count, no offset)."""
    filters, sort = _applications(request)
    context: dict[str, Any] = {
        "filters": filters,
        "sort": sort,
        "sorts": _sort_links(request.GET, sort, APPLICATION_COLUMNS),
        "filter_query": _without(request.GET, "after", "before"),
        "filtered": bool(_without(request.GET, "after", "before", "sort")),
        "can_add_candidates": has_role(request.user, Role.ADMIN, Role.RECRUITER),
    }
    if not filters.is_valid():
        return render(request, "lists/applications.html", context, status=400)
    order = APPLICATION_SORTS[sort]
    after, before = request.GET.get("after"), request.GET.get("before")
    rows, following, preceding = keyset.page(
        filters.qs,
        order,
        APPLICATIONS_PAGE,
        after=keyset.decode(after, order) if after else None,
        before=keyset.decode(before, order) if before and not after else None,
    )
    decorate_rows(rows, timezone.now())
    base = context["filter_query"]
    joiner = "&" if base else ""
    context.update(
        rows=rows,
        next_url=f"?{base}{joiner}after={keyset.encode(following)}" if following else "",
        previous_url=f"?{base}{joiner}before={keyset.encode(preceding)}" if preceding else "",
        first_url=f"?{base}" if (after or before) else "",
    )
    return render(request, "lists/applications.html", context)


@require_GET
@roles_required(*READERS)
def application_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV, streamed a chunk at a time: any length, bounded memory.
    Same filters, order and scope as the page."""
    filters, sort = _applications(request)
    if not filters.is_valid():
        context = {"filters": filters, "sort": sort, "sorts": {}, "filter_query": ""}
        return render(request, "lists/applications.html", context, status=400)
    rows = export.csv_lines(
        filters.qs,
        APPLICATION_SORTS[sort],
        zone=timezone.get_current_timezone(),
        language=translation.get_language() or "en",
    )
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    # A stream is a response like any other to the guard, which is typed for pages.
    return cast(HttpResponse, response)
