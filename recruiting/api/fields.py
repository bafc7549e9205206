"""Serializer fields that close gaps in DRF's own."""

from __future__ import annotations

from datetime import datetime

from rest_framework import serializers


class DateTimeField(serializers.DateTimeField):
    """DRF's DateTimeField, with a moment at the very ends of the calendar refused as
    out of range: DRF converts a naive 0001-01-01T00:00 to UTC to check it, and that
    conversion's OverflowError escapes it as a 500."""

    def enforce_timezone(self, value: datetime) -> datetime:
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
