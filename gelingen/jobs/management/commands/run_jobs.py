"""The worker: runs queued background jobs. `--once` runs what is due and exits (cron, tests);
without it the command keeps polling (compose, systemd, `make run`) until SIGTERM/SIGINT, finishing
the current job first."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from gelingen.jobs import runner

CLEANUP_EVERY = 300.0  # seconds between deletions of expired results in the loop


class Command(BaseCommand):
    help = "Runs queued background jobs (PDF/Word files, large CSV exports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every due job once, then exit")
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="seconds to wait when the queue is empty"
        )

    def handle(self, *args: Any, once: bool = False, sleep: float = 1.0, **options: Any) -> None:
        if once:
            self._housekeeping()
            ran = runner.run_pending()
            self.stdout.write(f"{ran} Auftrag/Aufträge ausgeführt.")
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_cleanup = 0.0
        while not self.stopping:
            close_old_connections()
            if time.monotonic() - last_cleanup > CLEANUP_EVERY:
                self._housekeeping()
                last_cleanup = time.monotonic()
            if runner.run_next() is None:
                time.sleep(sleep)

    def _housekeeping(self) -> None:
        stuck = runner.requeue_stuck()
        expired = runner.delete_expired()
        if stuck or expired:
            self.stdout.write(f"{stuck} hängende Aufträge neu eingereiht, {expired} abgelaufene gelöscht.")

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True
