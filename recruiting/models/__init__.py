from __future__ import annotations

from recruiting.models.jobs import Job
from recruiting.models.messages import Audience, MessageTemplate, StaffPreference
from recruiting.models.org import BusinessUnit, Drive, Location, Membership, Specialty
from recruiting.models.scorecards import Criterion, ScorecardTemplate
from recruiting.models.tokens import ApiToken
from recruiting.models.tracks import EligibilityRule, RejectionReason, Stage, StageKind, Track

__all__ = [
    "ApiToken",
    "Audience",
    "BusinessUnit",
    "Criterion",
    "Drive",
    "EligibilityRule",
    "Job",
    "Location",
    "Membership",
    "MessageTemplate",
    "RejectionReason",
    "ScorecardTemplate",
    "Specialty",
    "StaffPreference",
    "Stage",
    "StageKind",
    "Track",
]
