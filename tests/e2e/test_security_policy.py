"""The browser tests run under the real Content-Security-Policy; this checks that the watch really sees a
violation (and that the policy really blocks an inline style)."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_a_violation_is_seen_and_blocked(page, demo, csp_guard):
    login(page, "qm@suchtberatung-nordstadt.example")
    page.goto("/")
    colour = page.evaluate(
        """() => { document.body.insertAdjacentHTML('beforeend', '<p id="probe" style="color: rgb(255, 0, 0)">x</p>');
                   return getComputedStyle(document.getElementById('probe')).color; }"""
    )
    assert colour != "rgb(255, 0, 0)"  # the style attribute was refused
    page.wait_for_timeout(200)
    page.evaluate("() => 0")
    assert any(v.get("directive", "").startswith("style-src") for v in csp_guard), csp_guard
    csp_guard.clear()  # seen as expected: this test passes
