"""factory_boy factories for every model the tests build."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from candidates.models import Award, Candidate, Publication
from recruiting.models import (
    BusinessUnit,
    EligibilityRule,
    Job,
    Location,
    Membership,
    RejectionReason,
    Specialty,
    Stage,
    Track,
)
from recruiting.roles import Role
from recruiting.tokens import token_create

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        if create and extracted:
            for role in extracted:
                group, _ = Group.objects.get_or_create(name=role.value)
                self.groups.add(group)
        self.save()


def token_for(user: Any) -> str:
    """The key of a new API token for `user`, as logging in would issue it."""
    return token_create(user=user).key


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"specialty-{n}")
    name = factory.LazyAttribute(lambda s: s.slug.replace("-", " ").title())


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("city",)

    city = factory.Sequence(lambda n: f"City {n}")


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    city = factory.SubFactory(LocationFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    unit = factory.SubFactory(BusinessUnitFactory)
    user = factory.SubFactory(UserFactory)


STANDARD_KINDS = ["review", "screen", "written_test", "interview", "offer", "hired"]
FAST_KINDS = ["review", "bu_assessment", "interview", "offer", "hired"]


def add_stages(
    track: Track, kinds: list[str], *, version: int | None = None, sla_hours: int = 72
) -> list[Stage]:
    movers_by_kind = {"bu_assessment": [Role.ADMIN, Role.RECRUITER, Role.UNIT_LEAD]}
    return [
        Stage.objects.create(
            track=track,
            version=version or track.current_version,
            position=index,
            name=kind.replace("_", " ").title(),
            kind=kind,
            sla=timedelta(hours=sla_hours) if kind != "hired" else None,
            movers=[str(r) for r in movers_by_kind.get(kind, [Role.ADMIN, Role.RECRUITER])],
        )
        for index, kind in enumerate(kinds, start=1)
    ]


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Track {n}")
    kind = Track.Kind.STANDARD

    @factory.post_generation
    def stages(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create:
            kinds = (
                extracted
                if extracted is not None
                else (FAST_KINDS if self.kind == Track.Kind.FAST else STANDARD_KINDS)
            )
            add_stages(self, kinds)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"NLP Engineer {n}")
    unit = factory.SubFactory(BusinessUnitFactory)
    specialty = factory.SubFactory(SpecialtyFactory)
    location = factory.SubFactory(LocationFactory)
    salary_min = 20000
    salary_max = 35000
    headcount = 2
    status = Job.Status.OPEN

    @factory.post_generation
    def tracks(self, create: bool, extracted: list[Track] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.tracks.set(extracted)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Candidate {n}")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    email_normalized = factory.LazyAttribute(lambda c: c.email.casefold())
    years_experience = 3
    education = "master"
    source = "careers_site"

    @factory.post_generation
    def specialties(self, create: bool, extracted: list[Specialty] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.specialties.set(extracted)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    candidate = factory.SubFactory(CandidateFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    venue = "ACL"
    year = factory.LazyFunction(lambda: date.today().year - 1)
    tier = "top"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    candidate = factory.SubFactory(CandidateFactory)
    name = "ICPC World Finals medal"
    level = "international"
    year = factory.LazyFunction(lambda: date.today().year - 2)


class EligibilityRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    track = factory.SubFactory(TrackFactory, kind=Track.Kind.FAST)
    name = factory.Sequence(lambda n: f"Rule {n}")
    definition = factory.LazyFunction(
        lambda: {"all": [{"fact": "years_experience", "op": "gte", "value": 1}]}
    )


class RejectionReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RejectionReason
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"reason-{n}")
    label = factory.LazyAttribute(lambda r: r.code.replace("-", " ").capitalize())
