"""Candidates and applications. Every command is its own view over one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.api import serializers as s
from candidates.filters import ApplicationFilter, CandidateFilter
from candidates.models import Application, Candidate
from candidates.pipeline.engine import Change
from candidates.selectors import (
    application_eligibility,
    application_history,
    applications_for_list,
    applications_visible_to,
    candidate_is_visible,
    candidates_visible_to,
    routing_reads,
)
from candidates.services import applications as app_services
from candidates.services import fast_track
from candidates.services.candidates import candidate_create, candidate_update
from candidates.services.simulation import track_simulate
from recruiting.api.pagination import StreamCursorPagination
from recruiting.api.serializers import RuleDraftSerializer
from recruiting.errors import NotAllowed, NotFound
from recruiting.models import Track
from recruiting.permissions import HasAnyRole, IsRecruiterOrReadOnly, MayMoveApplications
from recruiting.roles import Role, acting_user, has_role


class CandidateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Candidate],
):
    serializer_class = s.CandidateSerializer
    permission_classes = [IsRecruiterOrReadOnly]
    pagination_class = StreamCursorPagination
    filterset_class = CandidateFilter
    ordering_fields = ["created_at", "full_name"]

    def get_queryset(self) -> QuerySet[Candidate]:
        return candidates_visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = candidate_create(
            actor=acting_user(self.request), data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = candidate_update(
            candidate=serializer.instance, data=dict(serializer.validated_data)
        )


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Application]
):
    permission_classes = [IsRecruiterOrReadOnly]
    pagination_class = StreamCursorPagination
    filterset_class = ApplicationFilter
    # Never a nullable column such as due_at: a cursor cannot page past a NULL position.
    ordering_fields = ["created_at", "stage_entered_at"]

    def get_queryset(self) -> QuerySet[Application]:
        if self.action == "list":
            # Rows as dicts, for the list serializer; filters and ordering apply alike.
            return cast("QuerySet[Application]", applications_for_list(self.request.user))
        return applications_visible_to(self.request.user)

    def get_serializer_class(self) -> Any:
        return (
            s.ApplicationDetailSerializer if self.action == "retrieve" else s.ApplicationSerializer
        )

    @extend_schema(
        request=s.ApplicationCreateSerializer, responses={201: s.ApplicationDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        """Apply a candidate to a job; fast-track rules route it on the way in."""
        data = s.ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidate, job = routing_reads(data.validated_data["candidate"], data.validated_data["job"])
        if candidate is None or job is None:
            data.refuse_missing(candidate=candidate is not None, job=job is not None)
        if not candidate_is_visible(request.user, candidate.pk):
            raise NotFound("No such candidate.")
        change = app_services.application_create(
            candidate=candidate, job=job, actor=acting_user(request)
        )
        return Response(_detail(change), status=status.HTTP_201_CREATED)


def _detail(change: Change) -> dict[str, Any]:
    """The changed application as the engine left it: already read with its relations."""
    return s.ApplicationDetailSerializer(change.application).data


class ApplicationCommand(APIView):
    """POST a command to one application; the engine checks role, state and version."""

    permission_classes = [MayMoveApplications]
    input_serializer: type[serializers.Serializer[Any]] = s.VersionedInput
    service: Callable[..., Change]
    # Input fields the service takes besides version and note.
    passes: tuple[str, ...] = ()

    def post(self, request: Request, pk: int) -> Response:
        data = self.input_serializer(data=request.data)
        if not data.is_valid():
            # Someone who may not see the application learns that, not what it takes.
            if not applications_visible_to(request.user).filter(pk=pk).exists():
                raise NotFound("No such application.")
            raise ValidationError(data.errors)
        values = data.validated_data
        change = type(self).service(
            application_id=pk,
            expected_version=values["version"],
            actor=acting_user(request),
            note=values.get("note", ""),
            **{name: values[name] for name in self.passes if name in values},
        )
        return Response(_detail(change))


def command(
    service: Callable[..., Change],
    input_serializer: type[serializers.Serializer[Any]],
    *passes: str,
    doc: str,
) -> type[ApplicationCommand]:
    view = type(
        f"{service.__name__.title().replace('_', '')}View",
        (ApplicationCommand,),
        {
            "service": staticmethod(service),
            "input_serializer": input_serializer,
            "passes": passes,
            "__doc__": doc,
        },
    )
    return extend_schema(
        request=input_serializer, responses=s.ApplicationDetailSerializer, summary=doc
    )(view)


AdvanceView = command(
    app_services.application_advance, s.VersionedInput, doc="Move to the next stage."
)
MoveView = command(
    app_services.application_move,
    s.MoveInput,
    "to_stage_id",
    "reason",
    doc="Move to another stage of the same track, with a reason.",
)
RejectView = command(
    app_services.application_reject, s.RejectInput, "rejection_reason", doc="Reject with a reason."
)
UnrejectView = command(
    app_services.application_unreject,
    s.RequiredReasonInput,
    "reason",
    doc="Undo a rejection, back to the stage it was rejected in.",
)
WithdrawView = command(
    app_services.application_withdraw, s.ReasonInput, "reason", doc="The candidate withdrew."
)
HoldView = command(app_services.application_hold, s.ReasonInput, "reason", doc="Put on hold.")
ResumeView = command(
    app_services.application_resume, s.ReasonInput, "reason", doc="Resume a held application."
)
HireView = command(
    app_services.application_hire, s.VersionedInput, doc="Hire from the offer stage."
)
SwitchTrackView = command(
    fast_track.application_switch_track,
    s.SwitchTrackInput,
    "track_id",
    "reason",
    "override",
    doc="Switch to a fast track; skipped stages are recorded.",
)
FallbackView = command(
    fast_track.application_fallback,
    s.RequiredReasonInput,
    "reason",
    doc="Send a failed fast-track application to its fallback stage.",
)


class ApplicationEligibilityView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(responses={200: s.Eligibility})
    def get(self, request: Request, pk: int) -> Response:
        """Every condition of every fast track the job admits, with the candidate's values."""
        application = get_object_or_404(applications_visible_to(request.user), pk=pk)
        return Response(application_eligibility(application))


class ApplicationHistoryView(generics.ListAPIView[Any]):
    permission_classes = [HasAnyRole]
    serializer_class = s.TransitionSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        application = get_object_or_404(
            applications_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return application_history(application)


class TrackSimulateView(APIView):
    permission_classes = [HasAnyRole]

    @extend_schema(request=RuleDraftSerializer, responses={200: s.Simulation})
    def post(self, request: Request, pk: int) -> Response:
        """Which existing applications a rule draft would have routed, and how they fared.

        Changes nothing."""
        if not has_role(request.user, Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD):
            raise NotAllowed("Only admins, recruiters and unit leads may simulate rules.")
        track = get_object_or_404(Track, pk=pk)
        data = RuleDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            track_simulate(
                track=track,
                definition=data.validated_data["definition"],
                user=request.user,
                limit=data.validated_data.get("limit"),
            )
        )
