import pytest

from gelingen.quality.leitbild.justification import Level, classify

LEITBILD = [
    "Wir begleiten Menschen mit Suchtproblemen auf ihrem Weg zu einem selbstbestimmten Leben.",
    "Gelungen ist unsere Beratung, wenn Klientinnen und Klienten ihre Ziele selbst formulieren "
    "und erreichen.",
]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("", Level.MISSING),
        ("Passt.", Level.MISSING),
        ("Die Maßnahme entspricht unserem Leitbild.", Level.REFERENCE),
        ("Siehe Leitbild, Abschnitt Werte und DgD.", Level.REFERENCE),
        (
            "Unser Leitbild sagt: „Wir begleiten Menschen mit Suchtproblemen auf ihrem Weg zu einem "
            "selbstbestimmten Leben.“",
            Level.QUOTE,
        ),
        (
            "Gelungen ist unsere Beratung, wenn Klientinnen und Klienten ihre Ziele selbst formulieren und "
            "erreichen.",
            Level.QUOTE,
        ),
        (
            "Laut DgD ist Beratung gelungen, wenn Klientinnen und Klienten ihre Ziele selbst formulieren. "
            "Die offene Sprechstunde senkt die Schwelle zum Erstkontakt, weil niemand einen Termin "
            "vereinbaren muss; dadurch können mehr Menschen früh eigene Ziele benennen.",
            Level.ARGUMENT,
        ),
    ],
)
def test_levels(text, level):
    verdict = classify(text, LEITBILD)
    assert verdict.level == level, verdict
    assert verdict.accepted == (level == Level.ARGUMENT)
    assert verdict.message


def test_reference_message_asks_for_own_words():
    assert "eigenen Worten" in classify("Entspricht dem Leitbild.", LEITBILD).message
