from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "Recruiting setup"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.checks import register
        from django.db.models.signals import post_save

        from recruiting.throttling import check_rates
        from recruiting.tokens import revoke_tokens_of_inactive_user

        register(check_rates)
        post_save.connect(
            revoke_tokens_of_inactive_user,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="recruiting.tokens.revoke_tokens_of_inactive_user",
        )
