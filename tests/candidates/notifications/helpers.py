"""Building applications and running deliveries in unit tests."""

from __future__ import annotations

from typing import Any

from candidates.models import Application, OutboxEvent
from candidates.notifications.dispatch import outbox_event_dispatch
from candidates.notifications.models import Delivery
from candidates.notifications.send import delivery_send
from candidates.services import applications as svc
from tests import factories as f
from tests.conftest import World


def fast_tracked(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    f.PublicationFactory(candidate=person, specialty=world.nlp, tier="top")
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def standard(world: World, actor: Any, **candidate: Any) -> Application:
    person = f.CandidateFactory(specialties=[world.nlp], **candidate)
    return svc.application_create(candidate=person, job=world.job, actor=actor).application


def dispatch_all() -> list[str]:
    """Fan out every pending event, as the dispatch tasks would."""
    ids: list[str] = []
    for event_id in OutboxEvent.objects.filter(status="pending").values_list("pk", flat=True):
        ids += outbox_event_dispatch(event_id=str(event_id))
    return ids


def deliver_due() -> dict[str, str]:
    """Send every due pending delivery once, as the deliver tasks would."""
    return {
        str(pk): delivery_send(delivery_id=str(pk))
        for pk in Delivery.objects.filter(status="pending").values_list("pk", flat=True)
    }
