from gelingen.quality.leitbild.diff import Chunk, compare, diff_text
from gelingen.quality.leitbild.models import SECTION_KEYS


def test_word_changes_separated_by_spaces_are_grouped():
    assert diff_text("als festen Zugangsweg etablieren.", "als feste Zugangswege etablieren.") == [
        Chunk("equal", "als "),
        Chunk("delete", "festen Zugangsweg", replaced=True),
        Chunk("insert", "feste Zugangswege"),
        Chunk("equal", " etablieren."),
    ]


def test_pure_insertion_and_deletion():
    assert diff_text("", "neu") == [Chunk("insert", "neu")]
    assert diff_text("alt", "") == [Chunk("delete", "alt")]
    assert diff_text("Ein Satz.", "Ein Satz.") == [Chunk("equal", "Ein Satz.")]


def test_joining_the_chunks_gives_both_texts_back():
    old, new = "Wir beraten Menschen\nmit Suchtproblemen.", "Wir begleiten Menschen\nund Angehörige."
    chunks = diff_text(old, new)
    assert "".join(c.text for c in chunks if c.op != "insert") == old
    assert "".join(c.text for c in chunks if c.op != "delete") == new


def test_compare_reports_a_status_per_section():
    old = {"identity": "A", "values": "B", "goals": "C"}
    new = {"identity": "A", "values": "B2", "customers": "neu"}
    rows = {row.key: row for row in compare("", old, "Vorwort", new)}
    assert list(rows) == ["preamble", *[key for key, _label in SECTION_KEYS]]
    assert rows["preamble"].status == "added"
    assert rows["identity"].status == "unchanged" and not rows["identity"].changed
    assert rows["values"].status == "changed"
    assert rows["customers"].status == "added"
    assert rows["goals"].status == "removed"
    assert rows["dgd"].status == "empty" and not rows["dgd"].changed
    assert rows["values"].status_label == "geändert"
