"""A page of the interface that is not built yet (removed once every area is in)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.web.roles import roles_required


@roles_required()
def building(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return render(request, "errors/error.html", {"title": "…", "message": "…"}, status=501)
