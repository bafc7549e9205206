from __future__ import annotations

from django.apps import AppConfig


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "Recruiting setup"
    default_auto_field = "django.db.models.BigAutoField"
