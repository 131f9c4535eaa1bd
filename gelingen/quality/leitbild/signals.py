"""Signals other apps can listen to.

`leitbild_published` is sent by `drafts.publish` once a draft has become the current Leitbild, with
`sender=LeitbildVersion` and `version=<the published LeitbildVersion>`.

It is sent inside publish's database transaction, right after the version is saved: receivers see the
new current version, and what they store (e.g. the measures' justification ratings) is committed
together with the publication, or rolled back with it if anything fails. A receiver that does
something outside the database (e-mail, external calls) should wrap it in `transaction.on_commit`.
"""

from __future__ import annotations

import django.dispatch

leitbild_published = django.dispatch.Signal()
