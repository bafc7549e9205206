"""django-filter's backend and DRF's ordering, strict: a malformed or unknown value of a
filter or an ordering answers 400 naming the parameter, never silently ignored.

The filter backend also skips the filter form on a request that names no filter:
building a FilterSet deep-copies every declared filter and makes a form class, on every
request; on an unfiltered list, the inbox's first page, that was a fifth of the
request's CPU spent on nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter as DRFOrderingFilter
from rest_framework.request import Request

from recruiting.errors import InvalidInput

BOOLEAN_WORDS = {"true": True, "false": False, "1": True, "0": False}


def boolean_problems(names: Iterable[str], params: Mapping[str, Any]) -> dict[str, list[str]]:
    """The boolean parameters among `names` whose value is not true/false (or 1/0)."""
    return {
        name: [f'"{params[name]}" is not a yes or no: use true or false.']
        for name in names
        if name in params and str(params[name]).strip().lower() not in BOOLEAN_WORDS
    }


def check_booleans(filterset_class: Any, params: Mapping[str, Any], *extra: str) -> None:
    """Raise InvalidInput for a boolean filter of `filterset_class` (or one of `extra`,
    read by the view itself) given something other than true or false."""
    names = [
        name
        for name, declared in filterset_class.base_filters.items()
        if isinstance(declared, django_filters.BooleanFilter)
    ]
    problems = boolean_problems([*names, *extra], params)
    if problems:
        name = next(iter(problems))
        raise InvalidInput(f"Invalid input. {name}: {problems[name][0]}", fields=problems)


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        if not _names_a_filter(request, filterset_class):
            return queryset
        check_booleans(filterset_class, request.query_params)
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(request: Request, filterset_class: Any) -> bool:
    # A prefix, since some filters read several parameters (`<name>_after`, `<name>_min`).
    names = tuple(filterset_class.base_filters)
    return any(param.startswith(names) for param in request.query_params)


class OrderingFilter(DRFOrderingFilter):
    """DRF's ordering, refusing an unknown field instead of ignoring it."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        given = request.query_params.get(self.ordering_param)
        if not given:
            return self.get_default_ordering(view)
        fields = [part.strip() for part in given.split(",")]
        valid = self.remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len(fields) or not fields:
            allowed = sorted(
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            )
            message = f"Order by one of: {', '.join(allowed)} (a leading - reverses)."
            raise InvalidInput(
                f"Invalid input. ordering: {message}", fields={"ordering": [message]}
            )
        return valid
