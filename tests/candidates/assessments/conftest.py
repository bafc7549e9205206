"""A fast track whose business-unit assessment has a scorecard and a pool of members."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from candidates.models import Application, Assessment
from candidates.services import applications as svc
from recruiting.models import Criterion, ScorecardTemplate, Stage
from recruiting.roles import Role
from tests import factories as f
from tests.conftest import World


@dataclass
class Panel:
    world: World
    stage: Stage
    scorecard: ScorecardTemplate
    criteria: list[Criterion]
    members: list[Any]

    def ratings(self, *values: int) -> list[dict[str, int]]:
        return [{"criterion": c.pk, "value": v} for c, v in zip(self.criteria, values, strict=True)]


@pytest.fixture
def panel(world: World, assessor: Any) -> Panel:
    scorecard = ScorecardTemplate.objects.create(
        name="Research engineer", spread_threshold=Decimal("1.0")
    )
    criteria = [
        Criterion.objects.create(template=scorecard, position=1, name="Depth", weight=Decimal(2)),
        Criterion.objects.create(template=scorecard, position=2, name="Coding", weight=Decimal(1)),
        Criterion.objects.create(
            template=scorecard, position=3, name="Communication", weight=Decimal(1)
        ),
    ]
    stage = Stage.objects.get(track=world.fast, kind="bu_assessment")
    stage.scorecard, stage.panel_size, stage.quorum, stage.auto_advance = scorecard, 3, 2, True
    stage.save()
    world.unit.memberships.filter(user=assessor).update(weekly_capacity=5)
    world.unit.memberships.get(user=assessor).specialties.add(world.nlp)
    members = [assessor]
    for index in range(3):
        user = f.UserFactory(username=f"member{index}", roles=[Role.ASSESSOR])
        f.MembershipFactory(unit=world.unit, user=user, weekly_capacity=5)
        members.append(user)
    return Panel(world, stage, scorecard, criteria, members)


def at_assessment(panel: Panel, actor: Any, **candidate: Any) -> tuple[Application, Assessment]:
    """A fast-tracked application advanced into the business-unit assessment."""
    person = f.CandidateFactory(specialties=[panel.world.nlp], **candidate)
    f.PublicationFactory(candidate=person, specialty=panel.world.nlp, tier="top")
    application = svc.application_create(
        candidate=person, job=panel.world.job, actor=actor
    ).application
    moved = svc.application_advance(
        application_id=application.pk, expected_version=1, actor=actor
    ).application
    return moved, Assessment.objects.get(application=moved, status="pending")
