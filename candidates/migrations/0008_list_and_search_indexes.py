"""Indexes for the lists at a million applications: a job's list in either ordering,
the time-in-stage ordering, the candidates list, assessments in due order (all, pending,
and what the SLA check has still to tell), decided assessments by decision time, and
trigram indexes for text search (PostgreSQL only; SQLite keeps scanning).

Built concurrently on PostgreSQL (hence not atomic), so writes go on meanwhile.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from recruiting.postgresql.indexing import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("candidates", "0007_application_board_column_index"),
        ("recruiting", "0006_message_templates_leave"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.RemoveIndex(
            model_name="assessment",
            name="assessment_status_due",
        ),
        AddIndexConcurrently(
            model_name="application",
            index=models.Index(
                fields=["job", "-created_at", "-id"], name="application_job_created"
            ),
        ),
        AddIndexConcurrently(
            model_name="application",
            index=models.Index(fields=["job", "stage_entered_at"], name="application_job_entered"),
        ),
        AddIndexConcurrently(
            model_name="application",
            index=models.Index(fields=["stage_entered_at"], name="application_stage_entered"),
        ),
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(fields=["due_at", "id"], name="assessment_due"),
        ),
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["due_at", "id"],
                name="assessment_pending_due",
            ),
        ),
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("due_soon_sent_at__isnull", True), ("status", "pending")),
                fields=["due_at", "id"],
                name="assessment_due_soon_untold",
            ),
        ),
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("overdue_sent_at__isnull", True), ("status", "pending")),
                fields=["due_at", "id"],
                name="assessment_overdue_untold",
            ),
        ),
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("status", "decided")),
                fields=["decided_at"],
                name="assessment_decided_at",
            ),
        ),
        AddIndexConcurrently(
            model_name="candidate",
            index=models.Index(fields=["-created_at", "-id"], name="candidate_created_desc"),
        ),
        AddIndexConcurrently(
            model_name="candidate",
            index=models.Index(fields=["full_name"], name="candidate_full_name"),
        ),
        AddIndexConcurrently(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("full_name"), name="gin_trgm_ops"
                ),
                name="candidate_name_trgm",
            ),
            postgresql_only=True,
        ),
        AddIndexConcurrently(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("email_normalized", name="gin_trgm_ops"),
                name="candidate_email_trgm",
            ),
            postgresql_only=True,
        ),
        AddIndexConcurrently(
            model_name="candidate",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("phone_normalized", name="gin_trgm_ops"),
                name="candidate_phone_trgm",
            ),
            postgresql_only=True,
        ),
    ]
