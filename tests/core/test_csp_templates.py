"""Nothing the browser gets may need 'unsafe-inline' or 'unsafe-eval': no inline scripts, no event-handler
attributes, no javascript: URLs, no style attributes or <style> blocks, no hx-on. Checked in every
template and in the HTML that Python code builds (format_html, mark_safe, f-strings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOTS = [Path(settings.BASE_DIR) / "gelingen", Path(settings.BASE_DIR) / "demo"]

# Rendered for WeasyPrint only (PDF), never sent to a browser: their <style> blocks are fine.
PDF_ONLY = {
    "core/templates/core/pdf_base.html",
    "selfreport/templates/selfreport/document.html",
}
# Python modules that build documents for WeasyPrint or Word, not for the browser.
PDF_ONLY_MODULES = {"demo/evidence.py", "gelingen/core/fonts.py"}

PATTERNS = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "hx-on": re.compile(r"\shx-on[:-]", re.I),
    "hx-vars/js: values": re.compile(r"\shx-(vars|vals)\s*=\s*['\"]\s*(js|javascript):", re.I),
}


def _files(suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(
        p
        for root in ROOTS
        for p in root.rglob("*")
        if p.suffix in suffixes and "static" not in p.parts and "migrations" not in p.parts
    )


def findings(text: str) -> list[str]:
    return [
        f"{what}: {m.group(0)[:80]}" for what, pattern in PATTERNS.items() for m in pattern.finditer(text)
    ]


def _relative(path: Path) -> str:
    for root in ROOTS:
        if root in path.parents:
            return str(path.relative_to(root))
    return str(path)


def test_the_patterns_catch_what_the_policy_blocks():
    hostile = [
        "<script>alert(1)</script>",
        '<script type="module">x()</script>',
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p class="a" style="color:red">x</p>',
        "<style>p{}</style>",
        '<button hx-on:click="x()">',
        "<div hx-vals='js:{\"a\": 1}'>",
    ]
    assert all(findings(h) for h in hostile)
    allowed = [
        '<script src="/static/x.js" defer></script>',
        '<svg><rect class="bar" x="1" fill="#123"/></svg>',
        '<form hx-post="/x" hx-trigger="change, submit">',
        '<div class="onboarding" data-style="x">',
    ]
    assert not [h for h in allowed if findings(h)]


@pytest.mark.parametrize("path", _files((".html", ".svg", ".txt")), ids=_relative)
def test_templates_need_no_inline_code_or_styles(path):
    if _relative(path) in PDF_ONLY:
        return
    assert findings(path.read_text(encoding="utf-8")) == []


def test_python_built_html_needs_no_inline_code_or_styles():
    found = {}
    for path in _files((".py",)):
        name = str(path.relative_to(settings.BASE_DIR))
        if name in PDF_ONLY_MODULES:
            continue
        if hits := findings(path.read_text(encoding="utf-8")):
            found[name] = hits
    assert found == {}
