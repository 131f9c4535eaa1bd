"""Run every benchmark: `make bench` (or `python -m bench.run`). Prints a Markdown table.

Options: `--small` (or BENCH_SIZE=small) for a quick run on a small data set; `--postgres URL` (or
DATABASE_URL) for PostgreSQL; `--exports` also times the Selbstreport PDF/Word export. Each size gets its
own database (var/bench-<size>.sqlite3 by default), seeded once with bulk_create and then reused.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small data set (quick run)")
    parser.add_argument("--postgres", metavar="URL", help="DATABASE_URL of a PostgreSQL database")
    parser.add_argument("--exports", action="store_true", help="also time the Selbstreport exports")
    args = parser.parse_args()
    if args.small:
        os.environ["BENCH_SIZE"] = "small"
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres

    from django.core.management import call_command
    from django.db import connection

    from bench import harness

    call_command("migrate", verbosity=0)
    from bench import bench_assessment, bench_quality_work, bench_selfreport
    from gelingen.accounts.models import Organisation, User

    start = time.perf_counter()
    bench_assessment.seed()
    user = User.objects.get(email="bench@example.org")
    bench_quality_work.seed(Organisation.objects.get(slug="bench-0"), user)
    bench_selfreport.seed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load: fresh statistics
            cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - start:.0f} s\n")

    results = harness.measure_floors(harness.client_for(user), "bench-0")
    results += bench_assessment.run() + bench_quality_work.run() + bench_selfreport.run()
    if args.exports:
        results += bench_selfreport.run_exports()
    print(harness.report(results))


if __name__ == "__main__":
    main()
