"""Panels in given states for the assessment pages' tests (client and browser)."""

from __future__ import annotations

from typing import Any

from candidates.assessments.scoring import ScoreInput, assessment_submit_score
from candidates.models import Assessment, Assignment
from tests.candidates.assessments.conftest import Panel


def ratings(panel: Panel, value: int, note: str = "") -> ScoreInput:
    """Every criterion rated `value` (with `note`), recommending `value`."""
    criteria = panel.scorecard.criteria.all()
    return ScoreInput(
        ratings={c.pk: (value, note) for c in criteria}, recommendation=value, notes=note
    )


def submit(panel: Panel, assessment: Assessment, user: Any, value: int, note: str = "") -> None:
    assessment_submit_score(
        assessment_id=assessment.pk, actor=user, data=ratings(panel, value, note)
    )


def others(assessment: Assessment, user: Any) -> list[Any]:
    """The panel's other assessors still to score."""
    seats = assessment.seats.filter(status=Assignment.Status.ASSIGNED).exclude(assessor=user)
    return [seat.assessor for seat in seats.select_related("assessor").order_by("id")]


def form_data(panel: Panel, value: int | None, *, note: str = "", **extra: Any) -> dict[str, Any]:
    """The scorecard form's fields with every criterion rated `value` (None: unrated)."""
    data: dict[str, Any] = {}
    for criterion in panel.scorecard.criteria.all():
        if value is not None:
            data[f"rating_{criterion.pk}"] = str(value)
        data[f"note_{criterion.pk}"] = note
    if value is not None:
        data["recommendation"] = str(value)
    data.update(extra)
    return data
