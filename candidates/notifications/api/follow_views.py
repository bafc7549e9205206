"""`/jobs/{id}/follow/`: whether you follow a job, and following or leaving it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.notifications.following import job_follow, job_unfollow
from candidates.notifications.models import JobFollower
from recruiting.errors import NotFound
from recruiting.models import Job
from recruiting.permissions import HasAnyRole
from recruiting.roles import acting_user
from recruiting.selectors import jobs_visible_to


class FollowingSerializer(serializers.Serializer[Any]):
    job = serializers.IntegerField()
    following = serializers.BooleanField()
    followers = serializers.IntegerField(help_text="How many people follow the job.")


def _visible_job(user: User, pk: int) -> Job:
    job = jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise NotFound("No such job.")
    return job


def _state(user: User, job: Job) -> dict[str, Any]:
    followers = JobFollower.objects.filter(job=job)
    return {
        "job": job.pk,
        "following": followers.filter(user=user).exists(),
        "followers": followers.count(),
    }


@extend_schema(request=None, responses=FollowingSerializer)
class JobFollowView(APIView):
    """Followers of a job get an in-app notification for everything on its applications
    (as the recruiter who opened an application does for that one)."""

    permission_classes = [HasAnyRole]

    def get(self, request: Request, pk: int) -> Response:
        """Whether you follow the job, and how many do."""
        user = acting_user(request)
        return Response(_state(user, _visible_job(user, pk)))

    def put(self, request: Request, pk: int) -> Response:
        """Follow the job; following it already changes nothing."""
        user = acting_user(request)
        job = _visible_job(user, pk)
        job_follow(user=user, job=job)
        return Response(_state(user, job))

    @extend_schema(responses={200: FollowingSerializer})
    def delete(self, request: Request, pk: int) -> Response:
        """Stop following the job."""
        user = acting_user(request)
        job = _visible_job(user, pk)
        job_unfollow(user=user, job=job)
        return Response(_state(user, job))
