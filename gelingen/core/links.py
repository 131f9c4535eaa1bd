"""Links to many objects of one kind without a `reverse()` per object.

A page listing hundreds of rows reverses each URL once with a placeholder and fills in the key:

    detail = pk_url("evidence:detail", org.slug)
    detail.for_pk(42)  # "/o/<slug>/evidence/42/"

Templates use `{{ detail.prefix }}{{ e.pk }}{{ detail.suffix }}`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

PLACEHOLDER = 987654321  # an integer no real key in a test or demo database reaches


@dataclass(frozen=True)
class PkUrl:
    prefix: str
    suffix: str

    def for_pk(self, pk: int) -> str:
        return f"{self.prefix}{pk}{self.suffix}"


def pk_url(name: str, *args: object) -> PkUrl:
    """The URL `name` with `args` and a last integer argument left open (reversed once)."""
    url = reverse(name, args=[*args, PLACEHOLDER])
    prefix, found, suffix = url.rpartition(str(PLACEHOLDER))
    if not found:
        raise ValueError(f"{name} does not end in an integer argument")
    return PkUrl(prefix, suffix)
