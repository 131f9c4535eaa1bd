"""The English translation is kept complete: every German source string has an English text."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # skip the header
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e.strip(), re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


def test_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Selbstbewertung") == "Self-assessment"
        assert translation.gettext("Anmelden") == "Sign in"
