"""Creating and changing candidates: one person, one record."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q

from candidates.models import Award, Candidate, Publication
from recruiting.errors import Conflict, InvalidInput
from recruiting.rows import remember

_NESTED = ("specialties", "publications", "awards")
EMAIL_MAX = 254


def normalize_email(email: str) -> str | None:
    email = email.strip().casefold()
    # Case-folding can lengthen a string ("ß" becomes "ss").
    if len(email) > EMAIL_MAX:
        raise InvalidInput(
            "The email is too long.", fields={"email": ["Too long once normalised."]}
        )
    return email or None


def normalize_phone(phone: str) -> str | None:
    """E.164 form, so '138 0013 8000' and '+86 13800138000' are the same person."""
    if not phone.strip():
        return None
    try:
        number = phonenumbers.parse(phone, settings.RECRUITING_DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidInput(
            "Enter a valid phone number.", fields={"phone": ["Not a phone number."]}
        ) from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput(
            "Enter a valid phone number.", fields={"phone": ["Not a possible phone number."]}
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _refuse_duplicate(email: str | None, phone: str | None, exclude: int = 0) -> None:
    clauses = Q()
    if email:
        clauses |= Q(email_normalized=email)
    if phone:
        clauses |= Q(phone_normalized=phone)
    if not clauses:
        return
    existing = (
        Candidate.objects.filter(clauses).exclude(pk=exclude).only("pk", "email_normalized").first()
    )
    if existing is not None:
        field = "email" if email and existing.email_normalized == email else "phone"
        raise Conflict(
            f"A candidate with this {field} already exists.",
            existing_id=existing.pk,
            existing_url=f"/api/v1/candidates/{existing.pk}/",
            field=field,
        )


def candidate_check_identity(
    *, email: str, phone: str, exclude: int = 0
) -> tuple[str | None, str | None]:
    """The normalised email and phone, once no other candidate has either. Raises
    InvalidInput for a phone that is not one, Conflict naming the existing candidate.
    Forms call it to show the refusal beside the field before anything is saved."""
    normalized = normalize_email(email), normalize_phone(phone)
    _refuse_duplicate(*normalized, exclude=exclude)
    return normalized


def _write_nested(candidate: Candidate, data: dict[str, Any]) -> None:
    if "specialties" in data:
        candidate.specialties.set(data["specialties"])
    if "publications" in data:
        candidate.publications.all().delete()
        Publication.objects.bulk_create(
            Publication(candidate=candidate, **p) for p in data["publications"]
        )
    if "awards" in data:
        candidate.awards.all().delete()
        Award.objects.bulk_create(Award(candidate=candidate, **a) for a in data["awards"])


def _write_new_nested(candidate: Candidate, data: dict[str, Any]) -> None:
    """A new candidate's lists: nothing to replace, so inserts only. The rows written are
    kept on the instance as `prefetch_related` would keep them (in the models' order),
    so the answer, and routing its first application, read nothing back."""
    specialties = sorted(data.get("specialties") or [], key=lambda s: (s.name, s.pk))
    through = Candidate.specialties.through
    through.objects.bulk_create(
        through(candidate_id=candidate.pk, specialty_id=s.pk) for s in specialties
    )
    papers = Publication.objects.bulk_create(
        Publication(candidate=candidate, **p) for p in data.get("publications") or []
    )
    awards = Award.objects.bulk_create(
        Award(candidate=candidate, **a) for a in data.get("awards") or []
    )
    by_year = lambda row: (-row.year, row.pk)  # noqa: E731  (the models' ordering)
    for name, rows in (
        ("specialties", specialties),
        ("publications", sorted(papers, key=by_year)),
        ("awards", sorted(awards, key=by_year)),
    ):
        remember(candidate, name, rows)


def candidate_create(*, actor: User | None, data: dict[str, Any]) -> Candidate:
    """Create a candidate with their specialties, publications and awards.

    Raises Conflict (409, naming the existing candidate) when the normalised email or
    phone belongs to someone already, InvalidInput for a phone that is not one.
    """
    fields = {k: v for k, v in data.items() if k not in _NESTED}
    # Not looked up first: the unique constraints refuse a second person with the same
    # email or phone, and only then is the first one read, to name it.
    email = normalize_email(fields.get("email", ""))
    phone = normalize_phone(fields.get("phone", ""))
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                **fields,
                email_normalized=email,
                phone_normalized=phone,
                created_by=actor if actor is not None and actor.pk else None,
            )
            _write_new_nested(candidate, data)
    except IntegrityError:
        # Someone created the same person between our check and our insert.
        _refuse_duplicate(email, phone)
        raise
    return candidate


def candidate_update(*, candidate: Candidate, data: dict[str, Any]) -> Candidate:
    """Change a candidate; nested lists given replace the old ones. Same refusals as create."""
    fields = {k: v for k, v in data.items() if k not in _NESTED}
    if "email" in fields:
        fields["email_normalized"] = normalize_email(fields["email"])
    if "phone" in fields:
        fields["phone_normalized"] = normalize_phone(fields["phone"])
    _refuse_duplicate(
        fields.get("email_normalized"), fields.get("phone_normalized"), exclude=candidate.pk
    )
    try:
        with transaction.atomic():
            for name, value in fields.items():
                setattr(candidate, name, value)
            if fields:
                candidate.save(update_fields=[*fields, "updated_at"])
            _write_nested(candidate, data)
    except IntegrityError:
        _refuse_duplicate(
            fields.get("email_normalized"), fields.get("phone_normalized"), exclude=candidate.pk
        )
        raise
    return candidate
