from __future__ import annotations

from django.urls import path

from candidates.web.building import building

urlpatterns = [
    path("tracks/", building, name="tracks"),
]
