"""Run the notification sweep (and, with --loop, keep running it) without Celery beat.

For `make run`, which has no broker and no beat: delayed messages (a rejection's
delay), retries and anything left behind go out when this runs. With a broker, beat
runs the same sweep every minute and this command is not needed.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from candidates.notifications.dispatch import notifications_sweep


class Command(BaseCommand):
    help = "Dispatch pending events and send due deliveries now (--loop N: every N seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, help="Repeat every N seconds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            counts = notifications_sweep()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
            if not options["loop"]:
                return
            time.sleep(options["loop"])
