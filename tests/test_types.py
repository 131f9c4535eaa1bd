"""The mypy exclude list (pyproject.toml) only names modules that exist, so it can only shrink."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_excluded_module_exists():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    files = [
        p.relative_to(ROOT).as_posix() for folder in config["files"] for p in (ROOT / folder).rglob("*.py")
    ]
    stale = [pattern for pattern in config["exclude"] if not any(re.search(pattern, f) for f in files)]
    assert stale == [], "remove these from [tool.mypy] exclude in pyproject.toml"
