"""Fill each assessor's open-seat count from the seats that exist (the schema is in
0007; from here on the services keep it)."""

from typing import Any

from django.db import migrations
from django.db.models import Count


def count(apps: Any, schema_editor: Any) -> None:
    Assignment = apps.get_model("candidates", "Assignment")
    AssessorLoad = apps.get_model("candidates", "AssessorLoad")
    counts = (
        Assignment.objects.filter(status="assigned", assessment__status="pending")
        .values_list("assessor_id")
        .annotate(n=Count("id"))
        .values_list("assessor_id", "n")
    )
    AssessorLoad.objects.bulk_create(
        AssessorLoad(assessor_id=pk, open_seats=n) for pk, n in counts
    )


def forget(apps: Any, schema_editor: Any) -> None:
    apps.get_model("candidates", "AssessorLoad").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("candidates", "0009_assessor_open_seats")]

    operations = [migrations.RunPython(count, forget)]
