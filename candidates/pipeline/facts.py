"""The facts a fast-track rule reads, built for one candidate and one job.

The catalogue of facts (names, types, meaning) is `recruiting.rules.FACTS`; this
module is the one place that fills it from the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from candidates.models import Candidate, Publication
from recruiting.models import Job


def candidate_facts(
    candidate: Candidate, job: Job, *, unit_members: frozenset[int], now: datetime
) -> dict[str, Any]:
    """Facts for the rule evaluator. Reads prefetched specialties, publications, awards."""
    specialties = {s.slug for s in candidate.specialties.all()}
    # "Years ago" counts calendar years where the organisation is, not in UTC.
    year = timezone.localtime(now).year
    job_specialty = job.specialty.slug
    return {
        "specialties": specialties,
        "matches_job_specialty": job_specialty in specialties,
        "years_experience": float(candidate.years_experience),
        "education": candidate.education,
        "school": candidate.school or None,
        "current_employer": candidate.current_employer or None,
        "source": candidate.source,
        "referred": candidate.referred_by_id is not None,
        "referred_by_unit_member": candidate.referred_by_id in unit_members,
        "publications": [
            {
                "venue": p.venue,
                "year": p.year,
                "tier": p.tier,
                "specialty": p.specialty.slug if p.specialty else None,
                "years_ago": year - p.year,
                "in_job_specialty": p.specialty_id == job.specialty_id,
            }
            for p in candidate.publications.all()
        ],
        "awards": [
            {"name": a.name, "level": a.level, "year": a.year, "years_ago": year - a.year}
            for a in candidate.awards.all()
        ],
    }


# A publication's specialty comes joined to it: one read for the publications, not two.
FACT_PREFETCH: tuple[Any, ...] = (
    "specialties",
    Prefetch("publications", queryset=Publication.objects.select_related("specialty")),
    "awards",
)
_FACT_CACHES = ("specialties", "publications", "awards")


def has_facts(candidate: Candidate) -> bool:
    """Whether the candidate was read with FACT_PREFETCH (so reading facts costs nothing)."""
    cached = getattr(candidate, "_prefetched_objects_cache", {})
    return all(name in cached for name in _FACT_CACHES)
