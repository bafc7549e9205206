from __future__ import annotations

from django.db import models


class TimeStamped(models.Model):
    """Creation and change times on every row; subclasses set their own ordering."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
