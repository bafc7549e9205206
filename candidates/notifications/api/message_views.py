"""Message templates: admins edit them, with a preview; saving one that does not render
for its event is refused with the reason."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.notifications.api.serializers import MessageVariables, Rendered
from candidates.notifications.messaging import VARIABLES, message_preview, message_template_save
from candidates.notifications.models import MessageTemplate
from recruiting.permissions import HasAnyRole


class MessageTemplateSerializer(serializers.ModelSerializer[MessageTemplate]):
    event_type = serializers.ChoiceField(choices=sorted(VARIABLES))

    class Meta:
        model = MessageTemplate
        fields = [
            "id",
            "event_type",
            "audience",
            "language",
            "subject",
            "body_text",
            "body_html",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class PreviewInput(serializers.Serializer[Any]):
    event_type = serializers.ChoiceField(choices=sorted(VARIABLES))
    subject = serializers.CharField(max_length=300)
    body_text = serializers.CharField(max_length=20000)
    body_html = serializers.CharField(max_length=50000, required=False, allow_blank=True)


def _rendered(rendered: Any) -> dict[str, str]:
    return {"subject": rendered.subject, "text": rendered.text, "html": rendered.html}


class MessageTemplateViewSet(viewsets.ModelViewSet[MessageTemplate]):
    queryset = MessageTemplate.objects.all()
    serializer_class = MessageTemplateSerializer
    filterset_fields = ["event_type", "audience", "language", "is_active"]

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = message_template_save(
            template=None, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = message_template_save(
            template=serializer.instance, data=dict(serializer.validated_data)
        )

    @extend_schema(request=None, responses={200: Rendered})
    @action(detail=True, methods=["get"])
    def preview(self, request: Request, pk: str | None = None) -> Response:
        """The saved template rendered with its event's sample variables."""
        template = self.get_object()
        rendered = message_preview(
            event_type=template.event_type,
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
        )
        return Response(_rendered(rendered))


class MessagePreviewView(APIView):
    """Render a draft with its event's sample variables, before saving it."""

    permission_classes = [HasAnyRole]

    @extend_schema(request=PreviewInput, responses={200: Rendered})
    def post(self, request: Request) -> Response:
        data = PreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rendered = message_preview(
            event_type=values["event_type"],
            subject=values["subject"],
            body_text=values["body_text"],
            body_html=values.get("body_html", ""),
        )
        return Response(_rendered(rendered))


class MessageVariablesView(APIView):
    """Every event type and the variables its messages may use, with sample values."""

    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: MessageVariables})
    def get(self, request: Request) -> Response:
        return Response({"events": VARIABLES})
