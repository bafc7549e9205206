"""The notifications app's API: in-app notices, `/me/`, job followers, message templates,
subscriptions, webhooks and deliveries, and the public unsubscribe link."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from candidates.notifications.api import follow_views, message_views, views

notifications_router = SimpleRouter()
notifications_router.register(
    "message-templates", message_views.MessageTemplateViewSet, basename="messagetemplate"
)
notifications_router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")
notifications_router.register("webhooks", views.WebhookEndpointViewSet, basename="webhook")
urlpatterns = [
    # Before the router, which would take "preview" for a template's id.
    path(
        "message-templates/preview/",
        message_views.MessagePreviewView.as_view(),
        name="message-template-preview",
    ),
    *notifications_router.urls,
    path(
        "notifications/",
        views.NotificationListView.as_view(),
        name="notification-list",
    ),
    path(
        "notifications/unread-count/",
        views.UnreadCountView.as_view(),
        name="notification-unread-count",
    ),
    path(
        "notifications/read-all/",
        views.MarkAllReadView.as_view(),
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.MarkReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="notification-unsubscribe",
    ),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery-list"),
    path(
        "deliveries/<uuid:pk>/replay/",
        views.DeliveryReplayView.as_view(),
        name="delivery-replay",
    ),
]
urlpatterns += [
    path("me/", views.MeView.as_view(), name="me"),
    path(
        "message-variables/",
        message_views.MessageVariablesView.as_view(),
        name="message-variables",
    ),
    path("jobs/<int:pk>/follow/", follow_views.JobFollowView.as_view(), name="job-follow"),
]
