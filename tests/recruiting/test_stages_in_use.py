"""Stages of versions in use are read once per process and handed out as copies."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting.models import Stage
from recruiting.selectors import stages_in_use, track_stages
from recruiting.services import track_set_stages
from tests.candidates.test_pipeline import apply
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_read_once_then_from_memory_as_independent_copies(world: World) -> None:
    track, version = world.standard, world.standard.current_version
    first = stages_in_use(track, version)
    assert [s.pk for s in first] == [s.pk for s in track_stages(track, version)]
    first[0].name = "changed by a caller"
    with CaptureQueriesContext(connection) as queries:
        again = stages_in_use(track, version)
    assert not queries.captured_queries
    assert again[0].name != "changed by a caller"
    assert all(stage.track is track for stage in again)


def test_a_new_version_has_its_own_stages(world: World, recruiter: Any) -> None:
    apply(world, recruiter)  # the current version is in use: a change makes version 2
    track = world.standard
    old = stages_in_use(track, 1)
    rows = [
        {"name": s.name, "kind": s.kind, "sla": s.sla, "movers": s.movers}
        for s in Stage.objects.filter(track=track, version=1).order_by("position")
    ]
    track = track_set_stages(track=track, stages=[*rows[:1], *rows[2:]])
    assert track.current_version == 2
    new = stages_in_use(track, 2)
    assert len(new) == len(old) - 1
    assert {s.version for s in new} == {2}
    assert [s.pk for s in stages_in_use(track, 1)] == [s.pk for s in old]
