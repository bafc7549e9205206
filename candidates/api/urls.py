from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.api import views

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
