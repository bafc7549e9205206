"""Fill the calibration tallies (schema in 0009) from the scorecards already submitted;
from here on the scoring services keep them."""

from typing import Any

from django.db import migrations


def count(apps: Any, schema_editor: Any) -> None:
    # The service's own recount: the same arithmetic the reports rely on, in one place.
    from candidates.assessments.tallies import tallies_recount

    tallies_recount()


def forget(apps: Any, schema_editor: Any) -> None:
    for name in ("CalibrationTally", "AgreementTally"):
        apps.get_model("candidates", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("candidates", "0011_calibration_tallies")]

    operations = [migrations.RunPython(count, forget)]
