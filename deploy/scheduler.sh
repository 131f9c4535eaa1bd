#!/bin/sh
# The scheduled commands, at the start of every hour (no cron daemon needed in the container):
#   hourly  send_reminders (idempotent: nobody is reminded twice)
#   daily   at BACKUP_HOUR (default 02, local time of the container): clearsessions and a backup
#           into /backups, keeping BACKUP_KEEP_DAYS (default 14) days
set -eu
while true; do
  sleep $((3600 - $(date +%s) % 3600))
  python manage.py send_reminders || echo "send_reminders failed" >&2
  if [ "$(date +%H)" = "${BACKUP_HOUR:-02}" ]; then
    python manage.py clearsessions || echo "clearsessions failed" >&2
    python manage.py backup "/backups/gelingen-$(date +%Y-%m-%d).zip" || echo "backup failed" >&2
    find /backups -name 'gelingen-*.zip' -mtime "+${BACKUP_KEEP_DAYS:-14}" -delete
  fi
done
