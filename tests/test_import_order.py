"""The import order of the apps (README, "Import order"), checked on the source without importing it.

    core  <-  accounts, catalogue, jobs  <-  meetings, quality  <-  quality's feature apps  <-  selfreport
          <-  testing, cooperation, networks, offers  <-  demo

An app may import apps of lower layers, never higher ones; inside one layer only the edges in
ALLOWED_EDGES. Nothing imports `demo`. `gelingen.features` (the registry) imports no app and may be
imported by all. Templates follow the same order for `{% url %}`, `{% include %}`, `{% extends %}` and
`{% load %}`; the shell (core's base.html) may link to the account pages and the catalogue.
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from django.urls import get_resolver

ROOT = Path(__file__).resolve().parent.parent
FEATURE_APPS = ["leitbild", "evidence", "handbook", "measures", "ideas", "activities", "feedback", "figures"]

LAYERS: dict[str, int] = {
    "gelingen.features": -1,  # the registry: plain data, imported by settings and every layer
    "gelingen.core": 0,
    "gelingen.accounts": 1,
    "gelingen.catalogue": 1,
    "gelingen.jobs": 1,  # background jobs: platform level, feature apps register their kinds with it
    "gelingen.meetings": 2,
    "gelingen.quality": 2,
    **{f"gelingen.quality.{app}": 3 for app in FEATURE_APPS},
    "gelingen.selfreport": 4,
    "gelingen.testing": 5,
    "gelingen.cooperation": 5,
    "gelingen.networks": 5,
    "gelingen.offers": 5,
    # the project modules compose everything
    "gelingen.settings": 6,
    "gelingen.urls": 6,
    "gelingen.wsgi": 6,
    "gelingen": 6,
    "demo": 7,
}

# Imports inside one layer, with the reason. Keep this a DAG (checked below).
ALLOWED_EDGES: dict[tuple[str, str], str] = {
    ("gelingen.catalogue", "gelingen.accounts"): "catalogue pages keep the organisation's navigation",
    ("gelingen.jobs", "gelingen.accounts"): "a job belongs to an organisation and the person who asked",
    ("gelingen.quality.measures", "gelingen.quality.leitbild"): "measures are justified against the Leitbild",
    (
        "gelingen.quality.figures",
        "gelingen.quality.leitbild",
    ): "key figures are justified against the Leitbild",
    ("gelingen.quality.ideas", "gelingen.quality.measures"): "an idea becomes a measure",
}

NOT_IMPORTABLE = {"demo"}  # nothing outside the package itself may import these


def app_of(module: str) -> str | None:
    """The longest entry of LAYERS that `module` belongs to."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in LAYERS:
            return candidate
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, text: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the file's text, relative ones resolved."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from gelingen.quality import evidence` imports the sub-package evidence
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def source_files() -> list[Path]:
    return sorted([*ROOT.joinpath("gelingen").rglob("*.py"), *ROOT.joinpath("demo").rglob("*.py")])


def violation(importer: str, imported: str) -> str | None:
    if imported in NOT_IMPORTABLE and importer != imported:
        return f"nothing may import {imported}"
    if importer == imported or (importer, imported) in ALLOWED_EDGES:
        return None
    if LAYERS[imported] < LAYERS[importer]:
        return None
    if LAYERS[imported] == LAYERS[importer]:
        return f"{importer} may not import {imported} (same layer; declare the edge in ALLOWED_EDGES)"
    return f"{importer} (layer {LAYERS[importer]}) may not import {imported} (layer {LAYERS[imported]})"


def test_every_source_file_belongs_to_a_layer():
    unknown = [str(p.relative_to(ROOT)) for p in source_files() if app_of(module_name(p)) is None]
    assert not unknown, "add these to LAYERS in tests/test_import_order.py: " + ", ".join(unknown)


def import_problems(sources: list[tuple[Path, str]]) -> list[str]:
    """`file:line: imports X: reason` for every import against the layers."""
    problems = []
    for path, text in sources:
        importer = app_of(module_name(path))
        for target, line in imports_of(path, text):
            imported = app_of(target) if target.split(".")[0] in ("gelingen", "demo") else None
            if importer is None or imported is None:
                continue
            if reason := violation(importer, imported):
                problems.append(f"{path.relative_to(ROOT)}:{line}: imports {target}: {reason}")
    return problems


def test_imports_follow_the_layers():
    problems = import_problems([(p, p.read_text(encoding="utf-8")) for p in source_files()])
    assert not problems, "\n".join(problems)


def test_allowed_edges_form_no_cycle():
    graph: dict[str, set[str]] = {}
    for importer, imported in ALLOWED_EDGES:
        assert LAYERS[importer] == LAYERS[imported], f"{importer} -> {imported} needs no declaration"
        graph.setdefault(importer, set()).add(imported)
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        pytest.fail(f"ALLOWED_EDGES has a cycle: {exc.args[1]}")


def test_the_checker_reports_file_and_line():
    probe = ROOT / "gelingen" / "core" / "probe.py"
    problems = import_problems([(probe, "import os\n\nfrom gelingen.quality.models import Cycle\n")])
    assert problems == [
        "gelingen/core/probe.py:3: imports gelingen.quality.models.Cycle: "
        "gelingen.core (layer 0) may not import gelingen.quality (layer 2)"
    ]
    demo_user = ROOT / "gelingen" / "selfreport" / "probe.py"
    assert import_problems([(demo_user, "from demo.context import DemoContext\n")]) == [
        "gelingen/selfreport/probe.py:1: imports demo.context.DemoContext: nothing may import demo"
    ]
    sibling = ROOT / "gelingen" / "quality" / "leitbild" / "probe.py"
    assert "same layer" in import_problems([(sibling, "from ..measures.models import Measure\n")])[0]


# Templates -------------------------------------------------------------------------------------------

TEMPLATE_EDGES: dict[tuple[str, str], str] = {
    ("gelingen.core", "gelingen.accounts"): "the shell links to login, profile, members, organisation",
    ("gelingen.core", "gelingen.catalogue"): "the shell links to the catalogue",
}
REFERENCE = re.compile(
    r"""\{%\s*(?:(url)\s+['"]([\w]+)(?::[\w]+)?['"]|(include|extends)\s+['"]([\w]+)/|(load)\s+([\w ]+?)\s*%\})"""
)


def _url_apps() -> dict[str, str]:
    """namespace or top-level URL name -> the app of its view."""
    apps: dict[str, str] = {}

    def walk(patterns, namespace: str | None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, p.namespace or namespace)
            else:
                app = app_of(p.callback.__module__) or p.callback.__module__
                apps.setdefault(namespace or p.name or "", app)

    walk(get_resolver().url_patterns, None)
    return apps


def _template_dirs() -> dict[str, str]:
    """template folder (first path part) -> app."""
    dirs = {}
    for folder in ROOT.joinpath("gelingen").rglob("templates"):
        app = app_of(".".join(folder.parent.relative_to(ROOT).parts))
        for child in folder.iterdir():
            if child.is_dir():
                dirs[child.name] = app
    return dirs


def _tag_libraries() -> dict[str, str]:
    libs = {}
    for path in ROOT.joinpath("gelingen").rglob("templatetags/*.py"):
        if path.name != "__init__.py":
            libs[path.stem] = app_of(module_name(path))
    return libs


def template_problems(sources: list[tuple[Path, str]]) -> list[str]:
    urls, dirs, libs = _url_apps(), _template_dirs(), _tag_libraries()
    problems = []
    for path, text in sources:
        parts = path.relative_to(ROOT).parts
        importer = app_of(".".join(parts[: parts.index("templates")]))
        for match in REFERENCE.finditer(text):
            if match.group(1):
                targets = [urls.get(match.group(2))]
            elif match.group(3):
                targets = [dirs.get(match.group(4))]
            else:
                targets = [libs.get(name) for name in match.group(6).split()]
            line = text.count("\n", 0, match.start()) + 1
            for imported in targets:
                if imported not in LAYERS or (importer, imported) in TEMPLATE_EDGES:
                    continue
                if reason := violation(importer, imported):
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}: {reason}")
    return problems


def test_templates_follow_the_layers():
    paths = sorted(ROOT.joinpath("gelingen").rglob("templates/**/*.html"))
    problems = template_problems([(p, p.read_text(encoding="utf-8")) for p in paths])
    assert not problems, "\n".join(problems)


def test_the_template_checker_sees_links_includes_and_tags():
    probe = ROOT / "gelingen" / "quality" / "templates" / "quality" / "probe.html"
    text = (
        "{% load i18n activities %}\n{% url 'evidence:list' org.slug %}\n{% include \"selfreport/_x.html\" %}"
    )
    problems = template_problems([(probe, text)])
    assert [p.split(": ")[0] for p in problems] == [
        "gelingen/quality/templates/quality/probe.html:1",
        "gelingen/quality/templates/quality/probe.html:2",
        "gelingen/quality/templates/quality/probe.html:3",
    ]
