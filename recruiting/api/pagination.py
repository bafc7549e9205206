from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    """Numbered pages with a total, for small configuration lists."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class StreamCursorPagination(CursorPagination):
    """Cursor pages without a COUNT(*), for the large lists (applications, candidates)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")
