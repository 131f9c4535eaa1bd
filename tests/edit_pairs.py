"""Two people editing one record through the real pages: both load the form, both save.

`form_values` reads what a browser would send back for a form of a page (hidden lock_version included,
if the page has one), so the same test works against code with and without optimistic locking and
measures how many interleaved pairs lose an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.test import Client

CONFLICT = "Jemand anderes hat"  # how every conflict message of core.versioning begins


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, str], list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, list[str], str | None] | None = None  # name, selected, first
        self._option: str | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = []
            self.forms.append((a, self._fields))
        if self._fields is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self._fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], None)
        elif tag == "option" and self._select is not None:
            name, selected, first = self._select
            value = a.get("value", "")
            self._select = (name, selected, first if first is not None else value)
            if "selected" in a:
                selected.append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            name, selected, first = self._select
            for value in selected or ([first] if first is not None else []):
                self._fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self._fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._fields = None


def post_forms(html: str, action: str | None = None) -> list[dict[str, Any]]:
    """The data of every POST form of the page (posting to `action`, or to the page itself)."""
    reader = _FormReader()
    reader.feed(html)
    found = []
    for attrs, fields in reader.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        if attrs.get("action", "") not in ("", ".", action):
            continue
        data: dict[str, Any] = {}
        for name, value in fields:
            if name in data:
                data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
            else:
                data[name] = value
        found.append(data)
    return found


def form_values(html: str, action: str | None = None) -> dict[str, Any]:
    """The data of the page's first POST form (or the first one posting to `action`)."""
    forms = post_forms(html, action)
    if action is not None:
        forms = [f for f in forms if f] or forms
    assert forms, f"no POST form for {action or 'this page'}"
    return forms[0]


@dataclass
class Pair:
    first: Any  # responses
    second: Any

    @property
    def second_refused(self) -> bool:
        body = self.second.content.decode()
        if self.second.status_code == 302:  # plain forms that redirect: the message is on the next page
            return False
        return self.second.status_code == 409 or CONFLICT in body


def interleaved(
    a: Client,
    b: Client,
    page: str,
    change_a: dict[str, Any],
    change_b: dict[str, Any],
    post_to: str | None = None,
    action: str | None = None,
    **extra: Any,
) -> Pair:
    """A and B load `page`, A saves `change_a`, then B saves `change_b` from the form B loaded."""
    data_a = form_values(a.get(page).content.decode(), action)
    data_b = form_values(b.get(page).content.decode(), action)
    target = post_to or page
    first = a.post(target, {**data_a, **change_a}, **extra)
    second = b.post(target, {**data_b, **change_b}, **extra)
    return Pair(first, second)


def count_lost(rounds: int, run_pair: Callable[[int], tuple[Pair, bool]]) -> int:
    """How many of `rounds` interleaved pairs lost the first edit without telling the second person.

    `run_pair(i)` plays one round and says whether the first edit is still stored afterwards."""
    lost = 0
    for i in range(rounds):
        pair, first_kept = run_pair(i)
        assert pair.first.status_code in (200, 302), pair.first.status_code
        if not first_kept and not pair.second_refused:
            lost += 1
    return lost


def simultaneous(posts: list[tuple[Any, str, dict[str, Any]]], **extra: Any) -> list[Any]:
    """POST each (user, url, data) from its own thread and connection at the same moment; the responses.

    Needs a database that separate connections share (PostgreSQL; `django_db(transaction=True)`)."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(posts))
    responses: list[Any] = [None] * len(posts)

    def post(index: int, user: Any, url: str, data: dict[str, Any]) -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            responses[index] = client.post(url, data, **extra)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, *item)) for i, item in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses
