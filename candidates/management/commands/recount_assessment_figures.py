"""Rebuild what the assessment services keep running: each assessor's open seats and the
calibration reports' tallies. For after rows were written or deleted around the
services (a bulk load, a cascade from a deleted candidate); safe to run at any time,
though a seat changed while it runs may be missed (run it again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from candidates.assessments.loads import loads_recount
from candidates.assessments.tallies import tallies_recount


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        assessors = loads_recount()
        tallies_recount()
        self.stdout.write(f"Open seats recounted for {assessors} assessors; tallies rebuilt.")
