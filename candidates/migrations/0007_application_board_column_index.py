"""An index for the pipeline board's columns: one job's applications at one stage in
(stage_entered_at, id) order, so that a column's first cards, and each next page after
a keyset position, are read without sorting the stage's applications; with the status
included (PostgreSQL), the columns' counts are read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("candidates", "0006_outbox_event_application_index")]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["job", "stage", "stage_entered_at", "id"],
                include=["status"],
                name="application_board_column",
            ),
        ),
    ]
