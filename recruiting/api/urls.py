from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from recruiting.api import auth_views, views

router = SimpleRouter()
router.register("specialties", views.SpecialtyViewSet)
router.register("locations", views.LocationViewSet)
router.register("business-units", views.BusinessUnitViewSet)
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("drives", views.DriveViewSet)
router.register("jobs", views.JobViewSet, basename="job")
router.register("tracks", views.TrackViewSet)
router.register("eligibility-rules", views.EligibilityRuleViewSet)
router.register("rejection-reasons", views.RejectionReasonViewSet)
router.register("scorecards", views.ScorecardTemplateViewSet)

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    *router.urls,
    path("auth/token/", auth_views.TokenView.as_view(), name="auth-token"),
    path(
        "auth/token/revoke-all/",
        auth_views.RevokeAllTokensView.as_view(),
        name="auth-token-revoke-all",
    ),
    path("rule-facts/", views.RuleFactsView.as_view(), name="rule-facts"),
]
