from __future__ import annotations

from candidates.models.application import (
    Application,
    ApplicationStatus,
    Transition,
    TransitionKind,
)
from candidates.models.candidate import Award, Candidate, Education, Publication, Source
from candidates.models.outbox import OutboxEvent

__all__ = [
    "Application",
    "ApplicationStatus",
    "Award",
    "Candidate",
    "Education",
    "OutboxEvent",
    "Publication",
    "Source",
    "Transition",
    "TransitionKind",
]
