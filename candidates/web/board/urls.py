from __future__ import annotations

from django.urls import path

from candidates.web.board import lists, views

urlpatterns = [
    path("jobs/", lists.job_list, name="jobs"),
    path("jobs/<int:pk>/board/", views.job_board, name="job_board"),
    path("jobs/<int:pk>/board/stages/<int:stage_pk>/", views.board_column, name="job_board_column"),
    path(
        "jobs/<int:pk>/board/applications/<int:app_pk>/",
        views.card_actions,
        name="job_board_card",
    ),
    path(
        "jobs/<int:pk>/board/applications/<int:app_pk>/act/",
        views.card_act,
        name="job_board_act",
    ),
    path("jobs/<int:pk>/board/bulk/", views.board_bulk, name="job_board_bulk"),
    path("applications/", lists.application_list, name="applications"),
    path("applications/export.csv", lists.application_export, name="applications_export"),
]
