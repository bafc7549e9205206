"""Serializer fields that close gaps in DRF's own."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from rest_framework import serializers

# Dates this product has any use for: consents, retention, drives. Outside them a date is
# a typo (or an attack), and very old moments have no RFC 3339 offset in local time
# (Asia/Shanghai in 1217 was +08:05:43, local mean time).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
OUT_OF_RANGE = f"Give a date between {EARLIEST.isoformat()} and {LATEST.isoformat()}."


class DateTimeField(serializers.DateTimeField):
    """DRF's DateTimeField, bounded to EARLIEST … LATEST (a moment at the very ends of
    the calendar would otherwise overflow DRF's conversion to UTC into a 500)."""

    def enforce_timezone(self, value: datetime) -> datetime:
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if not EARLIEST <= timezone.localtime(moment).date() <= LATEST:
            raise serializers.ValidationError(OUT_OF_RANGE)
        return moment


class DateField(serializers.DateField):
    """DRF's DateField, bounded to EARLIEST … LATEST."""

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError(OUT_OF_RANGE)
        return day
