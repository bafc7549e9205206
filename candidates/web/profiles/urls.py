from __future__ import annotations

from django.urls import path

from candidates.web.building import building

urlpatterns = [
    path("candidates/new/", building, name="candidate_new"),
    path("candidates/<int:pk>/", building, name="candidate"),
    path("applications/<int:pk>/", building, name="application"),
]
