"""Demo data: one module per app (`demo/<feature key>.py` with `seed(ctx)`) and the `demo` command.

An installed app only so that `manage.py demo` is found. Nothing in `gelingen` imports this package
(tests/test_import_order.py checks it).
"""
