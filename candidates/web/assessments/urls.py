from __future__ import annotations

from django.urls import path

from candidates.web.building import building

urlpatterns = [
    path("assessments/", building, name="inbox"),
    path("assessments/<int:pk>/", building, name="assessment"),
    path("panels/", building, name="panels"),
    path("panels/calibration/", building, name="calibration"),
]
