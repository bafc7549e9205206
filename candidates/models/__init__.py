from __future__ import annotations

from candidates.models.application import (
    Application,
    ApplicationStatus,
    Transition,
    TransitionKind,
)
from candidates.models.assessment import Assessment, AssessorLoad, Assignment, Rating, Score
from candidates.models.candidate import Award, Candidate, Education, Publication, Source
from candidates.models.outbox import OutboxEvent

__all__ = [
    "Application",
    "ApplicationStatus",
    "Assessment",
    "AssessorLoad",
    "Assignment",
    "Award",
    "Candidate",
    "Education",
    "OutboxEvent",
    "Publication",
    "Rating",
    "Score",
    "Source",
    "Transition",
    "TransitionKind",
]
