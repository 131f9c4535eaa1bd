"""A small iCalendar (RFC 5545) writer for all-day due dates: escaping, line folding, CRLF.

Only what the feed needs, so no extra dependency: VCALENDAR with all-day VEVENTs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
MAX_OCTETS = 75  # RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break
_UID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    url: str = ""
    description: str = ""
    categories: str = ""


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets without splitting a UTF-8 character."""
    parts, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        length = len(char.encode("utf-8"))
        if size + length > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = MAX_OCTETS - 1  # continuation lines start with one space
        current.append(char)
        size += length
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def uid_for(key: str, due: date, domain: str = "gelingen") -> str:
    """Stable UID from the item key and the due date: a new due date is a new event."""
    return f"{_UID_UNSAFE.sub('-', key)}-{due:%Y%m%d}@{domain}"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], name: str, now: datetime) -> str:
    """The whole calendar as one string with CRLF line endings."""
    stamp = _stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gelingen//Faellige Termine//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.categories:
            lines.append(f"CATEGORIES:{escape_text(event.categories)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
