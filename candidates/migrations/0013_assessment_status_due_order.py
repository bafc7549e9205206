"""Assessments by status in due order on a full index: the partial one for pending
assessments (0006) is unusable in the generic plan of a prepared statement, where the
status is a parameter. Built concurrently on PostgreSQL (hence not atomic)."""

from django.db import migrations, models

from recruiting.postgresql.indexing import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("candidates", "0012_count_calibration_tallies")]

    operations = [
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(fields=["status", "due_at", "id"], name="assessment_status_due_id"),
        ),
        migrations.RemoveIndex(model_name="assessment", name="assessment_pending_due"),
    ]
