"""The project's URLs plus the baseline views the bench compares the API with."""

from __future__ import annotations

from django.urls import path

from recruiting.project import urls as project
from tests.bench import baseline_views, create_views, probe_views

urlpatterns = [
    path("bench/applications/", baseline_views.applications_page, name="bench-applications"),
    path(
        "bench/applications/<int:pk>/advance/",
        baseline_views.application_advance,
        name="bench-advance",
    ),
    path("bench/sla-check/", probe_views.sla_check, name="bench-sla-check"),
    path("bench/candidates/", create_views.candidate_create, name="bench-candidate-create"),
    path(
        "bench/applications/create/",
        create_views.application_create,
        name="bench-application-create",
    ),
    *project.urlpatterns,
]

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
