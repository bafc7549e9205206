"""Moments as every answer writes them: RFC 3339 with the installation's offset
(TIME_ZONE), the same form DRF's date-time fields give, so an API never mixes offsets."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def iso_required(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()
