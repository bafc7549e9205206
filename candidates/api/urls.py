from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.api import assessment_views, views

router = SimpleRouter()
router.register("candidates", views.CandidateViewSet, basename="candidate")
router.register("applications", views.ApplicationViewSet, basename="application")

COMMANDS = {
    "advance": views.AdvanceView,
    "move": views.MoveView,
    "reject": views.RejectView,
    "unreject": views.UnrejectView,
    "withdraw": views.WithdrawView,
    "hold": views.HoldView,
    "resume": views.ResumeView,
    "hire": views.HireView,
    "fast-track": views.SwitchTrackView,
    "fallback": views.FallbackView,
}

urlpatterns = [
    *router.urls,
    *(
        path(f"applications/<int:pk>/{name}/", view.as_view(), name=f"application-{name}")
        for name, view in COMMANDS.items()
    ),
    path(
        "applications/<int:pk>/eligibility/",
        views.ApplicationEligibilityView.as_view(),
        name="application-eligibility",
    ),
    path(
        "applications/<int:pk>/history/",
        views.ApplicationHistoryView.as_view(),
        name="application-history",
    ),
    path("tracks/<int:pk>/simulate/", views.TrackSimulateView.as_view(), name="track-simulate"),
]

urlpatterns += [
    path("assessments/", assessment_views.AssessmentListView.as_view(), name="assessment-list"),
    path(
        "assessments/<int:pk>/",
        assessment_views.AssessmentDetailView.as_view(),
        name="assessment-detail",
    ),
    path(
        "assessments/<int:pk>/draft/", assessment_views.DraftView.as_view(), name="assessment-draft"
    ),
    path(
        "assessments/<int:pk>/submit/",
        assessment_views.SubmitView.as_view(),
        name="assessment-submit",
    ),
    path(
        "assessments/<int:pk>/amend/", assessment_views.AmendView.as_view(), name="assessment-amend"
    ),
    path(
        "assessments/<int:pk>/decline/",
        assessment_views.DeclineView.as_view(),
        name="assessment-decline",
    ),
    path(
        "assessments/<int:pk>/reassign/",
        assessment_views.ReassignView.as_view(),
        name="assessment-reassign",
    ),
    path(
        "assessments/<int:pk>/written-score/",
        assessment_views.WrittenScoreView.as_view(),
        name="assessment-written-score",
    ),
    path(
        "reports/calibration/assessors/",
        assessment_views.AssessorCalibrationView.as_view(),
        name="calibration-assessors",
    ),
    path(
        "reports/calibration/units/",
        assessment_views.UnitCalibrationView.as_view(),
        name="calibration-units",
    ),
]
