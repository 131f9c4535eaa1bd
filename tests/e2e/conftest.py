"""Browser tests: Playwright drives Debian's Chromium; axe-core (npm) checks accessibility inside it."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "e2e-demo-passwort"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django calls made here stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium package.")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, started over plain http: the middleware reads these settings once."""
    from pytest_django.live_server_helper import LiveServer

    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        setattr(django_settings, name, False)
    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    yield server
    server.stop()


# Every page runs under the real Content-Security-Policy. This script (injected by the browser before
# any page script) reports each violation to the test through an exposed binding, so none is lost when
# the page navigates away.
CSP_WATCH = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation({page: location.href, directive: e.violatedDirective, blocked: e.blockedURI,
                         source: e.sourceFile, line: e.lineNumber, sample: e.sample});
}, true);
"""


def _watch(context, problems: list) -> None:
    """Record CSP violations and console errors that mention the policy on every page of `context`."""
    context.expose_binding("__cspViolation", lambda source, violation: problems.append(violation))
    context.add_init_script(CSP_WATCH)

    def watch_console(page) -> None:
        page.on(
            "console",
            lambda msg: (
                problems.append({"page": page.url, "console": msg.text})
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )

    context.on("page", watch_console)
    close = context.close

    def flush_and_close(*args, **kwargs):
        open_pages = [p for p in context.pages if not p.is_closed()]
        if open_pages:  # let reports still on their way arrive (a wait, not an evaluate: no-JS pages too)
            open_pages[0].wait_for_timeout(100)
        return close(*args, **kwargs)

    context.close = flush_and_close


@pytest.fixture
def csp_guard(browser):
    """Every context a test opens (the `page` fixture's and its own) is watched; any violation fails it."""
    problems: list = []
    contexts: list = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        _watch(context, problems)
        contexts.append(context)
        return context

    browser.new_context = watched_context
    yield problems
    del browser.new_context  # back to the class's method
    for context in contexts:
        context.close()  # flushes; closing twice is harmless
    if problems:
        pytest.fail(f"Content-Security-Policy violated: {problems}")


@pytest.fixture(autouse=True)
def _csp_guard_for_browser_tests(request):
    if "browser" in request.fixturenames or "page" in request.fixturenames:
        request.getfixturevalue("csp_guard")
    yield


@pytest.fixture
def page(csp_guard, browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--password", PASSWORD, stdout=StringIO())


def login(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules; return the violations in a readable form."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern; add_script_tag
    # would insert an inline script, which the policy (rightly) refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
