"""The track designer and the eligibility-rule builder, for admins."""

from __future__ import annotations

from django.urls import path

from candidates.web.designer import views

urlpatterns = [
    path("tracks/", views.track_list, name="tracks"),
    path("tracks/<int:pk>/", views.track_designer, name="track"),
    path("tracks/<int:pk>/settings/", views.track_settings, name="track_settings"),
    path("tracks/<int:pk>/rules/new/", views.rule_new, name="rule_new"),
    path("tracks/<int:pk>/rules/<int:rule_id>/", views.rule_edit, name="rule"),
    path("tracks/<int:pk>/simulate/", views.rule_simulate, name="track_simulate"),
]
