"""A track's settings: created and changed through `track_save`, refused field by field."""

from __future__ import annotations

from typing import Any

import pytest

from recruiting.errors import InvalidInput
from recruiting.models import Track
from recruiting.services import track_save
from tests import factories as f
from tests.conftest import World

pytestmark = pytest.mark.django_db


def refusal(track: Track | None, **data: Any) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as raised:
        track_save(track=track, data=data)
    fields: dict[str, list[str]] = raised.value.extra["fields"]
    return fields


def test_a_track_is_created_with_the_usual_routing() -> None:
    track = track_save(track=None, data={"name": "  Campus  ", "kind": "fast"})

    assert (track.name, track.kind, track.routing) == ("Campus", "fast", "auto")
    assert track.current_version == 1


def test_a_change_writes_only_what_changed_and_keeps_the_rest(world: World) -> None:
    track = track_save(track=world.fast, data={"routing": "suggest"})

    track.refresh_from_db()
    assert track.routing == "suggest"
    assert track.fallback_track_id == world.standard.pk
    assert track.name == "Top paper fast track"


def test_a_name_in_use_is_refused(world: World) -> None:
    assert "name" in refusal(None, name="Standard", kind="standard")
    assert "name" in refusal(world.fast, name="")


def test_a_fallback_is_another_standard_track_with_a_stage_kind(world: World) -> None:
    other_fast = f.TrackFactory(name="Other fast", kind=Track.Kind.FAST)

    assert refusal(world.fast, fallback_track=other_fast, fallback_stage_kind="screen") == {
        "fallback_track": ["A fallback is a standard track."]
    }
    assert "fallback_track" in refusal(
        world.standard, fallback_track=world.standard, fallback_stage_kind="screen"
    )
    assert refusal(world.fast, fallback_stage_kind="") == {
        "fallback_stage_kind": ["Name the stage kind to fall back to."]
    }


def test_a_change_of_kind_must_suit_the_stages_the_rules_and_the_jobs(world: World) -> None:
    with_written_test = refusal(world.standard, kind="fast")
    with_rules = refusal(world.fast, kind="standard")
    world.rule.delete()
    beside_a_standard = refusal(world.fast, kind="standard")

    assert "A fast track has no written test." in with_written_test["kind"]
    assert any("no eligibility rules" in m for m in with_rules["kind"])
    assert beside_a_standard["kind"] == [
        "A job admits one standard track at most, and these admit one already: "
        "NLP Research Engineer, Perception Engineer."
    ]


def test_a_refused_change_changes_nothing(world: World) -> None:
    refusal(world.fast, name="Renamed", kind="standard")

    world.fast.refresh_from_db()
    assert (world.fast.name, world.fast.kind) == ("Top paper fast track", "fast")
