"""The frozen Selbstreport cut into paragraphs: one anchor per top-level block, stable and sanitised."""

from gelingen.testing.gutachten import reading


def content(*chapters):
    return {"chapters": list(chapters)}


def test_each_top_level_block_is_one_anchored_paragraph():
    text = "Erster Absatz\nmit zwei Zeilen.\n\n# Überschrift\n\n- eins\n\n- zwei\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    (part,) = reading.chapters(
        content({"key": "qb3", "part": 3, "title": "QB 3", "texts": {"answer_a": text, "answer_b": ""}})
    )
    (chapter,) = part.chapters
    (block,) = chapter.blocks
    assert [p.anchor for p in block.paragraphs] == [f"p-qb3-answer_a-{n}" for n in (1, 2, 3, 4)]
    assert block.paragraphs[0].text == "Erster Absatz mit zwei Zeilen."
    assert block.paragraphs[1].html.startswith("<h4>")  # '#' sits below the chapter's heading
    assert block.paragraphs[2].text == "eins zwei" and block.paragraphs[2].html.startswith(
        "<ul>"
    )  # a loose list
    assert "<table>" in block.paragraphs[3].html
    assert block.label == "a) Erfüllung der Anforderungen"


def test_markup_is_sanitised_and_empty_texts_are_left_out():
    (part,) = reading.chapters(
        content(
            {
                "key": "structure",
                "part": 1,
                "title": "Struktur",
                "texts": {"body": "<script>x</script> Text"},
            },
            {"key": "leer", "part": 1, "title": "Leer", "texts": {"body": ""}},
        )
    )
    (chapter,) = part.chapters  # the empty chapter is not shown
    (paragraph,) = chapter.blocks[0].paragraphs
    assert "<script>" not in paragraph.html and "Text" in paragraph.html
    assert chapter.blocks[0].label == ""  # a chapter with one text has no answer label


def test_anchors_stay_the_same_for_the_same_content_and_cover_goal_reports():
    data = content(
        {
            "key": "qb12a",
            "part": 3,
            "title": "12a",
            "texts": {"body": "Bericht"},
            "goal_reports": [{"goal": "Ziel 1", "outcome": "achieved", "text": "Erreicht."}],
        }
    )
    assert (
        reading.anchors(data)
        == reading.anchors(data)
        == {
            "p-qb12a-body-1": "Bericht",
            "p-qb12a-goal1-1": "Erreicht.",
        }
    )
