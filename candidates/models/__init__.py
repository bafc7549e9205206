from __future__ import annotations

from candidates.models.application import (
    Application,
    ApplicationStatus,
    Transition,
    TransitionKind,
)
from candidates.models.assessment import (
    AgreementTally,
    Assessment,
    AssessorLoad,
    Assignment,
    CalibrationTally,
    Rating,
    Score,
)
from candidates.models.candidate import Award, Candidate, Education, Publication, Source
from candidates.models.outbox import OutboxEvent

__all__ = [
    "AgreementTally",
    "Application",
    "ApplicationStatus",
    "Assessment",
    "AssessorLoad",
    "Assignment",
    "Award",
    "CalibrationTally",
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
