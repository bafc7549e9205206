"""Following a job: its followers hear, in-app, about every application on it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from candidates.notifications.models import JobFollower
from recruiting.errors import NotAllowed
from recruiting.models import Job
from recruiting.roles import Role, has_role
from recruiting.selectors import jobs_visible_to

# Assessors score blind: the events of a whole job would tell them how others scored.
FOLLOWERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER)


def job_follow_refusal(user: User, job: Job) -> str | None:
    """Why `user` may not follow `job`, or None."""
    if not has_role(user, *FOLLOWERS):
        return "Assessors score blind and do not follow jobs."
    if not jobs_visible_to(user).filter(pk=job.pk).exists():
        return "A unit lead follows only the jobs of their own units."
    return None


def job_follow(*, user: User, job: Job) -> bool:
    """Follow `job`; following it already changes nothing. Returns True when it is new.
    Raises NotAllowed for assessors and for a job outside the user's units."""
    refusal = job_follow_refusal(user, job)
    if refusal:
        raise NotAllowed(refusal)
    try:
        with transaction.atomic():
            _, created = JobFollower.objects.get_or_create(job=job, user=user)
    except IntegrityError:
        # A concurrent request followed it first.
        created = False
    return created


def job_unfollow(*, user: User, job: Job) -> bool:
    """Stop following `job`. Returns True when the user was following it."""
    deleted, _ = JobFollower.objects.filter(job=job, user=user).delete()
    return bool(deleted)
