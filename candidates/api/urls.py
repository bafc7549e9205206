from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.api import assessment_views, follow_views, notification_views, views

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
    path("jobs/<int:pk>/follow/", follow_views.JobFollowView.as_view(), name="job-follow"),
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

# Subscriptions, webhooks and in-app notifications (candidates.notifications).
notifications_router = SimpleRouter()
notifications_router.register(
    "subscriptions", notification_views.SubscriptionViewSet, basename="subscription"
)
notifications_router.register(
    "webhooks", notification_views.WebhookEndpointViewSet, basename="webhook"
)
urlpatterns += [
    *notifications_router.urls,
    path(
        "notifications/",
        notification_views.NotificationListView.as_view(),
        name="notification-list",
    ),
    path(
        "notifications/unread-count/",
        notification_views.UnreadCountView.as_view(),
        name="notification-unread-count",
    ),
    path(
        "notifications/read-all/",
        notification_views.MarkAllReadView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.MarkReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.UnsubscribeView.as_view(),
        name="notification-unsubscribe",
    ),
    path("deliveries/", notification_views.DeliveryListView.as_view(), name="delivery-list"),
    path(
        "deliveries/<uuid:pk>/replay/",
        notification_views.DeliveryReplayView.as_view(),
        name="delivery-replay",
    ),
]
