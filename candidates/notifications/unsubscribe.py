"""Signed unsubscribe links: a candidate stops non-essential mail without logging in."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from candidates.notifications.models import CandidateContact
from recruiting.errors import InvalidInput

SALT = "candidates.notifications.unsubscribe"


def unsubscribe_token(candidate_id: int) -> str:
    return signing.dumps({"candidate": candidate_id}, salt=SALT)


def unsubscribe_url(candidate_id: int) -> str:
    base = settings.SITE_URL.rstrip("/")
    return f"{base}/api/v1/notifications/unsubscribe/{unsubscribe_token(candidate_id)}/"


def candidate_for_token(token: str) -> Candidate:
    """Raises InvalidInput for a token that was not signed here (or was altered)."""
    try:
        candidate_id = signing.loads(token, salt=SALT)["candidate"]
    except (signing.BadSignature, KeyError, TypeError):
        raise InvalidInput("This unsubscribe link is not valid.") from None
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        raise InvalidInput("This unsubscribe link is not valid.")
    return candidate


def candidate_unsubscribe(*, token: str) -> CandidateContact:
    """Stop non-essential mail to the token's candidate; doing it twice changes nothing.
    Pending non-essential emails are cancelled when they come due. Raises InvalidInput."""
    candidate = candidate_for_token(token)
    with transaction.atomic():
        contact, _ = CandidateContact.objects.select_for_update().get_or_create(candidate=candidate)
        if contact.unsubscribed_at is None:
            contact.unsubscribed_at = timezone.now()
            contact.save(update_fields=["unsubscribed_at", "updated_at"])
    return contact
