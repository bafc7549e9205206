from __future__ import annotations

from django.urls import path

from candidates.web.profiles import views

urlpatterns = [
    path("candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate_profile, name="candidate"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="candidate_edit"),
    path("candidates/<int:pk>/apply/", views.candidate_apply, name="candidate_apply"),
    path("applications/<int:pk>/", views.application_profile, name="application"),
    # Under act/, so that no other page's application URL can shadow an action.
    path(
        "applications/<int:pk>/act/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
]
