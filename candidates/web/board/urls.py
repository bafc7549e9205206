from __future__ import annotations

from django.urls import path

from candidates.web.building import building

urlpatterns = [
    path("jobs/", building, name="jobs"),
    path("jobs/<int:pk>/board/", building, name="job_board"),
    path("applications/", building, name="applications"),
]
