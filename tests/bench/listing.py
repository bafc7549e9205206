"""The applications list in-process: SQL queries per request by page size, and no COUNT."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.bench.database import SetupError

LIST_URL = "/api/v1/applications/"
BASELINE_LIST_URL = "/bench/applications/"
PAGE_SIZES = (10, 50, 200)


@dataclass(frozen=True)
class QueryCounts:
    by_page_size: dict[int, int]
    counts_rows: bool
    # The SQL of the 50-row request, for the report.
    statements: list[str]

    @property
    def most(self) -> int:
        return max(self.by_page_size.values())

    @property
    def constant(self) -> bool:
        return len(set(self.by_page_size.values())) == 1


def token_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _get(client: APIClient, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SetupError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response.json()


def query_counts(token: str) -> QueryCounts:
    client = token_client(token)
    _get(client, f"{LIST_URL}?page_size=50")  # first request: imports, caches
    counts: dict[int, int] = {}
    statements: list[str] = []
    counted = False
    for size in PAGE_SIZES:
        with CaptureQueriesContext(connection) as captured:
            body = _get(client, f"{LIST_URL}?page_size={size}")
        if len(body["results"]) != size:
            raise SetupError(f"page_size={size} returned {len(body['results'])} rows.")
        counts[size] = len(captured.captured_queries)
        sqls = [q["sql"] for q in captured.captured_queries]
        counted = counted or any("COUNT(" in sql.upper() for sql in sqls)
        if size == 50:
            statements = sqls
    return QueryCounts(counts, counted, statements)


def same_rows(token: str, page_size: int = 50) -> int:
    """Check the API and the baseline return the same page; the number of rows."""
    client = token_client(token)
    api = _get(client, f"{LIST_URL}?page_size={page_size}")["results"]
    if len(api) != page_size:
        raise SetupError(f"Expected {page_size} rows from the API, got {len(api)}.")
    url = f"{BASELINE_LIST_URL}?page_size={page_size}"
    baseline = _get(client, url)["results"]
    if [row["id"] for row in api] != [row["id"] for row in baseline]:
        raise SetupError(f"{url} is not the API's page: the ratio would mislead.")
    different = [a["id"] for a, b in zip(api, baseline, strict=True) if a != b]
    if different:
        raise SetupError(f"{url} rows differ from the API's for ids {different[:5]}.")
    return page_size
