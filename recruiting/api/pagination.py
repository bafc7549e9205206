from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.request import Request

from recruiting.errors import InvalidInput


class PagePagination(PageNumberPagination):
    """Numbered pages with a total, for small configuration lists.

    A page number that is no whole number from 1 is a 400 naming `page`, as any other
    malformed parameter; a page past the last one is a 404 (the schema says both)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int | str:
        number = super().get_page_number(request, paginator)
        if isinstance(number, str) and not (re.fullmatch(r"[0-9]+", number) and number.lstrip("0")):
            message = "A page number is a whole number from 1."
            raise InvalidInput(message, fields={self.page_query_param: [message]})
        return number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


def _invalid_cursor() -> InvalidInput:
    message = "Invalid cursor; use the next and previous links as given."
    return InvalidInput(message, fields={"cursor": [message]})


class StreamCursorPagination(CursorPagination):
    """Cursor pages without a COUNT(*), for the large lists (applications, candidates).

    A cursor is client input like any other: a forged one is a 400, never a 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise _invalid_cursor() from None
        # The position is compared with a column, and PostgreSQL refuses NUL in text.
        # (The stubs type the position as an int; DRF decodes it as text.)
        if cursor is not None and "\x00" in str(cursor.position or ""):
            raise _invalid_cursor()
        return cursor

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except DjangoValidationError:
            # A position that is no value of the ordering column, as in a forged cursor.
            raise _invalid_cursor() from None
