"""Run every benchmark: `make bench` (or `python -m bench.run`). Prints a Markdown table."""

from django.core.management import call_command

from bench import harness


def main() -> None:
    call_command("migrate", verbosity=0)
    from bench import bench_assessment, bench_quality_work, bench_selfreport

    results = bench_assessment.run() + bench_quality_work.run() + bench_selfreport.run()
    print(harness.report(results))


if __name__ == "__main__":
    main()
