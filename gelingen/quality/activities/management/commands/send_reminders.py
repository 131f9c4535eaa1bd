"""E-mail owners about items due in the next 14 days and overdue ones. Idempotent: run it every hour."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gelingen.quality.activities import reminders


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now: expected YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Send one e-mail per person listing the items due within 14 days or overdue that they have not "
        "been reminded of yet (each item and due date once ahead, once more when overdue)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list what would be sent")
        parser.add_argument("--now", type=_date, help="pretend today is YYYY-MM-DD (for testing)")

    def handle(self, *args, dry_run=False, now=None, **options):
        today = now or timezone.localdate()
        planned = reminders.plan(today)
        for reminder in planned:
            self.stdout.write(f"{reminder.user.email}:")
            for line in reminder.lines:
                self.stdout.write(
                    f"  [{line.stage}] {line.item.due:%Y-%m-%d} {line.item.title} ({line.item.key})"
                )
        lines = sum(len(r.lines) for r in planned)
        if dry_run:
            self.stdout.write(f"Probelauf: {len(planned)} E-Mails mit {lines} Terminen würden gesendet.")
            return
        try:
            sent, failures = reminders.send(planned, today)
        except reminders.ConcurrentRun as exc:
            raise CommandError("Eine andere Ausführung hat diese Erinnerungen gerade verschickt.") from exc
        for user, exc in failures:
            self.stderr.write(f"Fehler beim Senden an {user.email}: {exc}")
        self.stdout.write(self.style.SUCCESS(f"{sent} E-Mails mit Erinnerungen gesendet ({lines} Termine)."))
        if failures:
            raise CommandError(f"{len(failures)} E-Mails konnten nicht gesendet werden.")
