import pytest
from django.core.exceptions import ValidationError

from gelingen.quality.leitbild import drafts
from gelingen.quality.leitbild.current import current_sections, current_version
from gelingen.quality.leitbild.models import SECTION_KEYS, LeitbildSection, LeitbildVersion
from gelingen.quality.leitbild.signals import leitbild_published

pytestmark = pytest.mark.django_db

ALL = {key: f"Text zu {key}" for key, _label in SECTION_KEYS}


def published(org, user, texts=None, note="Fassung"):
    draft = drafts.start_draft(org, user, copy_current=False)
    draft = drafts.save_draft(draft, user, "Präambel", texts or ALL, draft.edit_count)
    return drafts.publish(draft, user, note)


def test_blank_draft_has_all_eight_empty_sections(org_a, qm_a):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    assert draft.number == 1 and not draft.is_published
    assert drafts.section_texts(draft) == {key: "" for key, _label in SECTION_KEYS}
    assert draft.sections.count() == 8


def test_a_second_start_returns_the_existing_draft(org_a, qm_a):
    first = drafts.start_draft(org_a, qm_a)
    assert drafts.start_draft(org_a, qm_a, copy_current=False) == first
    assert LeitbildVersion.objects.filter(organisation=org_a).count() == 1


def test_new_draft_copies_the_current_version(org_a, qm_a):
    v1 = published(org_a, qm_a)
    draft = drafts.start_draft(org_a, qm_a)
    assert draft.number == 2
    assert draft.preamble == "Präambel"
    assert drafts.section_texts(draft) == drafts.section_texts(v1)
    assert current_version(org_a) == v1  # the draft does not count as current


def test_save_draft_stores_texts_and_counts_edits(org_a, qm_a, staff_a):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    saved = drafts.save_draft(draft, staff_a, "  Vorwort  ", {"values": " Respekt "}, 0)
    assert saved.edit_count == 1 and saved.updated_by == staff_a and saved.preamble == "Vorwort"
    assert drafts.section_texts(saved)["values"] == "Respekt"


def test_stale_save_is_refused_and_nothing_changes(org_a, qm_a, staff_a):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    drafts.save_draft(draft, qm_a, "", {"values": "von QM"}, 0)
    with pytest.raises(ValidationError, match="inzwischen von einer anderen Person"):
        drafts.save_draft(draft, staff_a, "", {"values": "von Staff"}, 0)
    assert drafts.section_texts(draft)["values"] == "von QM"


def test_published_versions_cannot_be_changed_or_discarded(org_a, qm_a):
    v1 = published(org_a, qm_a)
    with pytest.raises(ValidationError, match="nicht mehr geändert"):
        drafts.save_draft(v1, qm_a, "", {"values": "neu"}, v1.edit_count)
    with pytest.raises(ValidationError):
        drafts.discard_draft(v1)
    assert LeitbildSection.objects.get(version=v1, key="values").text == ALL["values"]


def test_publish_makes_the_draft_current_and_keeps_old_versions(org_a, qm_a, leitung_a):
    v1 = published(org_a, qm_a)
    draft = drafts.start_draft(org_a, qm_a)
    drafts.save_draft(draft, qm_a, "Präambel", {**ALL, "dgd": "geschärft"}, draft.edit_count)
    v2 = drafts.publish(draft, leitung_a, "  DgD geschärft ")
    assert (v2.number, v2.change_note, v2.published_by) == (2, "DgD geschärft", leitung_a)
    assert current_version(org_a) == v2
    assert [s.key for s in current_sections(org_a)] == [key for key, _label in SECTION_KEYS]
    assert drafts.section_texts(v1)["dgd"] == ALL["dgd"]  # the old version stays readable


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("empty", "Der Entwurf ist leer"),
        ("unchanged", "unterscheidet sich nicht"),
        ("no_note", "was sich geändert hat"),
    ],
)
def test_publish_refuses_with_a_reason(org_a, qm_a, setup, message):
    if setup == "unchanged":
        published(org_a, qm_a)
    draft = drafts.start_draft(org_a, qm_a, copy_current=setup == "unchanged")
    if setup == "no_note":
        drafts.save_draft(draft, qm_a, "", {"values": "x"}, draft.edit_count)
    with pytest.raises(ValidationError, match=message):
        drafts.publish(draft, qm_a, "" if setup == "no_note" else "Notiz")
    draft.refresh_from_db()
    assert not draft.is_published


def test_discard_removes_only_the_draft(org_a, qm_a):
    v1 = published(org_a, qm_a)
    drafts.discard_draft(drafts.start_draft(org_a, qm_a))
    assert list(LeitbildVersion.objects.filter(organisation=org_a)) == [v1]
    assert drafts.draft_of(org_a) is None


def test_numbers_are_per_organisation(org_a, org_b, qm_a, qm_b):
    published(org_a, qm_a)
    assert drafts.start_draft(org_b, qm_b).number == 1
    assert drafts.start_draft(org_a, qm_a).number == 2


@pytest.fixture
def received():
    """Everything `leitbild_published` sends during the test."""
    calls = []

    def receiver(sender, **kwargs):
        calls.append(
            (
                sender,
                kwargs["version"],
                kwargs["version"].is_published,
                current_version(kwargs["version"].organisation),
            )
        )

    leitbild_published.connect(receiver, dispatch_uid="test-receiver")
    yield calls
    leitbild_published.disconnect(dispatch_uid="test-receiver")


def test_publishing_sends_the_signal_once_with_the_version(org_a, qm_a, received):
    version = published(org_a, qm_a)
    assert len(received) == 1
    sender, sent, was_published, current = received[0]
    assert sender is LeitbildVersion and sent == version
    # sent after saving: receivers already see the new current version
    assert was_published and current == version


def test_a_refused_publication_sends_nothing(org_a, qm_a, received):
    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    with pytest.raises(ValidationError):
        drafts.publish(draft, qm_a, "leer")
    assert received == []


def test_a_failing_receiver_rolls_the_publication_back(org_a, qm_a):
    """The signal is sent inside publish's transaction: stored ratings and publication stay in step."""

    def broken(sender, **kwargs):
        raise RuntimeError("Empfänger kaputt")

    draft = drafts.start_draft(org_a, qm_a, copy_current=False)
    drafts.save_draft(draft, qm_a, "", ALL, draft.edit_count)
    leitbild_published.connect(broken, dispatch_uid="broken-receiver")
    try:
        with pytest.raises(RuntimeError):
            drafts.publish(draft, qm_a, "Fassung")
    finally:
        leitbild_published.disconnect(dispatch_uid="broken-receiver")
    draft.refresh_from_db()
    assert not draft.is_published and current_version(org_a) is None
