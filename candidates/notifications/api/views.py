"""In-app notifications of the requesting user and their email language (`/me/`);
subscriptions, webhooks and deliveries for admins; the public unsubscribe link."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.notifications.api import serializers as s
from candidates.notifications.deliveries import delivery_replay
from candidates.notifications.in_app import notification_mark_read, notifications_mark_all_read
from candidates.notifications.models import (
    Delivery,
    Language,
    Notification,
    Subscription,
    WebhookEndpoint,
)
from candidates.notifications.preferences import staff_language, staff_language_set
from candidates.notifications.unsubscribe import candidate_for_token, candidate_unsubscribe
from candidates.notifications.webhooks import webhook_endpoint_create, webhook_endpoint_update
from recruiting.api.filtering import BOOLEAN_WORDS, boolean_problems
from recruiting.errors import InvalidInput
from recruiting.permissions import HasAnyRole, RoleWritePermission
from recruiting.roles import Role, acting_user, has_role, user_roles
from recruiting.selectors import user_unit_ids


class AdminOnly(RoleWritePermission):
    """Webhooks and deliveries carry secrets and personal data: admins only, reads too."""

    message = "Only an admin may see or change this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and has_role(request.user, Role.ADMIN)


@extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only the unread ones.")])
class NotificationListView(generics.ListAPIView[Notification]):
    """Your in-app notifications, newest first; `?unread=true` for the unread only."""

    serializer_class = s.NotificationSerializer
    permission_classes = [HasAnyRole]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Notification]:
        mine = Notification.objects.filter(user=acting_user(self.request))
        params = self.request.query_params
        problems = boolean_problems(["unread"], params)
        if problems:
            raise InvalidInput(f"Invalid input. unread: {problems['unread'][0]}", fields=problems)
        if BOOLEAN_WORDS.get(params.get("unread", "").strip().lower()):
            mine = mine.filter(read_at__isnull=True)
        return mine


class UnreadCountView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.UnreadCount})
    def get(self, request: Request) -> Response:
        """How many of your notifications are unread."""
        user = acting_user(request)
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        return Response({"unread": count})


class MarkReadView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(request=None, responses={200: s.UnreadCount})
    def post(self, request: Request, pk: int) -> Response:
        """Mark one of your notifications read."""
        user = acting_user(request)
        notification_mark_read(user=user, notification_id=pk)
        unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
        return Response({"unread": unread})


class MarkAllReadView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(request=None, responses={200: s.MarkedAllRead})
    def post(self, request: Request) -> Response:
        """Mark all your notifications read."""
        marked = notifications_mark_all_read(user=acting_user(request))
        return Response({"marked": marked, "unread": 0})


class UnsubscribeView(APIView):
    """The link in candidates' emails. GET says what POST does (mail scanners follow
    links, so a GET changes nothing); POST stops non-essential mail."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: s.UnsubscribeInfo})
    def get(self, request: Request, token: str) -> Response:
        candidate = candidate_for_token(token)
        contact = getattr(candidate, "contact_preference", None)
        return Response(
            {
                "unsubscribed": bool(contact and contact.unsubscribed_at),
                "message": "POST to this address to stop progress emails; "
                "you will still hear about decisions on your applications.",
            }
        )

    @extend_schema(request=None, responses={200: s.UnsubscribeResult})
    def post(self, request: Request, token: str) -> Response:
        candidate_unsubscribe(token=token)
        return Response({"unsubscribed": True})


class SubscriptionViewSet(viewsets.ModelViewSet[Subscription]):
    """Who hears about which event, by which channel. Any role reads; admins change."""

    queryset = Subscription.objects.all()
    serializer_class = s.SubscriptionSerializer
    filterset_fields = ["event_type", "audience", "channel", "is_active"]


class WebhookEndpointViewSet(viewsets.ModelViewSet[WebhookEndpoint]):
    """Webhook endpoints; a URL to a private, loopback or link-local address is refused."""

    queryset = WebhookEndpoint.objects.all()
    serializer_class = s.WebhookEndpointSerializer
    permission_classes = [AdminOnly]
    filterset_fields = ["is_active"]

    def perform_create(self, serializer: Any) -> None:
        values = serializer.validated_data
        serializer.instance = webhook_endpoint_create(
            url=values["url"],
            owner=acting_user(self.request),
            event_types=values.get("event_types", []),
            description=values.get("description", ""),
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = webhook_endpoint_update(
            endpoint=serializer.instance, data=dict(serializer.validated_data)
        )


class DeliveryListView(generics.ListAPIView[Delivery]):
    """Deliveries with their attempts: `?status=dead&channel=webhook` for the dead ones."""

    serializer_class = s.DeliverySerializer
    permission_classes = [AdminOnly]
    filterset_fields = ["status", "channel", "endpoint", "event"]

    def get_queryset(self) -> QuerySet[Delivery]:
        return Delivery.objects.select_related("event").prefetch_related("attempt_log")


class DeliveryReplayView(APIView):
    permission_classes = [AdminOnly]

    @extend_schema(request=None, responses={200: s.DeliverySerializer})
    def post(self, request: Request, pk: str) -> Response:
        """Send a dead or cancelled delivery again, with the same delivery id."""
        delivery_replay(delivery_id=pk)
        delivery = Delivery.objects.select_related("event").get(pk=pk)
        return Response(s.DeliverySerializer(delivery).data)


class MePreferencesSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class MeView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.Me})
    def get(self, request: Request) -> Response:
        """Who you are: roles, the units you lead or belong to, your emails' language."""
        return Response(self._me(request))

    @extend_schema(request=MePreferencesSerializer, responses={200: s.Me})
    def patch(self, request: Request) -> Response:
        """Choose the language of the emails you get (`en` or `zh-hans`)."""
        data = MePreferencesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "language" in data.validated_data:
            staff_language_set(user=acting_user(request), language=data.validated_data["language"])
        return Response(self._me(request))

    def _me(self, request: Request) -> dict[str, Any]:
        user = acting_user(request)
        return {
            "id": user.pk,
            "username": user.get_username(),
            "roles": sorted(user_roles(user)),
            "units": sorted(user_unit_ids(user)),
            "language": staff_language(user.pk),
        }
