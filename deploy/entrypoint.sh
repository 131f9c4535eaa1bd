#!/bin/sh
# Container start: bring the database schema and the static files up to date, then run the command
# (gunicorn for the app, deploy/scheduler.sh for the scheduled commands).
set -eu
if [ "${GELINGEN_MIGRATE:-1}" = "1" ]; then
  python manage.py migrate --noinput
  python manage.py collectstatic --noinput --verbosity 0
fi
exec "$@"
