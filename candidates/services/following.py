"""Following a job: its followers hear, in-app, about every application on it."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from candidates.models import JobFollower
from recruiting.errors import NotAllowed
from recruiting.models import Job
from recruiting.roles import Role, has_role

# Assessors score blind: the events of a whole job would tell them how others scored.
FOLLOWERS = (Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD, Role.VIEWER)


def job_follow(*, user: User, job: Job) -> bool:
    """Follow `job`; following it already changes nothing. Returns True when it is new."""
    if not has_role(user, *FOLLOWERS):
        raise NotAllowed("Assessors score blind and do not follow jobs.")
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
