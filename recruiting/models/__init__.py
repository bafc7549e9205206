from __future__ import annotations

from recruiting.models.jobs import Job
from recruiting.models.org import BusinessUnit, Drive, Location, Membership, Specialty
from recruiting.models.scorecards import Criterion, ScorecardTemplate
from recruiting.models.tokens import ApiToken
from recruiting.models.tracks import EligibilityRule, RejectionReason, Stage, StageKind, Track

__all__ = [
    "ApiToken",
    "BusinessUnit",
    "Criterion",
    "Drive",
    "EligibilityRule",
    "Job",
    "Location",
    "Membership",
    "RejectionReason",
    "ScorecardTemplate",
    "Specialty",
    "Stage",
    "StageKind",
    "Track",
]
