from __future__ import annotations

from candidates.models.application import (
    Application,
    ApplicationStatus,
    Transition,
    TransitionKind,
)
from candidates.models.assessment import Assessment, Assignment, Rating, Score
from candidates.models.candidate import Award, Candidate, Education, Publication, Source
from candidates.models.notifications import (
    CandidateContact,
    Channel,
    Delivery,
    DeliveryAttempt,
    JobFollower,
    Notification,
    PeriodicClaim,
    Subscription,
    WebhookEndpoint,
)
from candidates.models.outbox import OutboxEvent

__all__ = [
    "Application",
    "ApplicationStatus",
    "Assessment",
    "Assignment",
    "Award",
    "Candidate",
    "CandidateContact",
    "Channel",
    "Delivery",
    "DeliveryAttempt",
    "Education",
    "JobFollower",
    "Notification",
    "OutboxEvent",
    "PeriodicClaim",
    "Publication",
    "Rating",
    "Score",
    "Source",
    "Subscription",
    "Transition",
    "TransitionKind",
    "WebhookEndpoint",
]
