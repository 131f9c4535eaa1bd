import pytest
from django.core.exceptions import ValidationError

from gelingen.core.wording import vague_words, validate_concrete


@pytest.mark.parametrize(
    "text",
    [
        "Wir prüfen die Räume regelmäßig.",
        "Geeignete Instrumente werden eingesetzt.",
        "Zukünftig wollen wir die Angehörigen stärker einbeziehen.",
        "Künftig gibt es eine Fallbesprechung.",
        "Die Ausstattung wird regelmaessig kontrolliert.",
    ],
)
def test_vague_words_without_interval_are_found(text):
    assert vague_words(text)
    with pytest.raises(ValidationError) as exc:
        validate_concrete(text)
    assert "ohne konkretes Intervall oder Datum" in exc.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "Wir prüfen die Räume regelmäßig alle 6 Monate.",
        "Regelmäßig, nämlich jährlich im März, findet der Workshop statt.",
        "Zukünftig, ab dem 01.03.2027, gibt es eine Fallbesprechung.",
        "Künftig zweimal im Jahr.",
        "Die Teamsitzung findet regelmäßig wöchentlich statt.",
        "Geeignete Räume werden bis Q2 2027 eingerichtet.",
        "Wir treffen uns alle zwei Wochen.",
        "Keine vagen Wörter hier.",
        "",
    ],
)
def test_concrete_sentences_pass(text):
    assert vague_words(text) == []
    validate_concrete(text)


def test_the_check_is_per_sentence():
    found = vague_words("Die Räume prüfen wir jährlich. Das Material prüfen wir regelmäßig.")
    assert [f.word for f in found] == ["regelmäßig"]
    assert found[0].sentence == "Das Material prüfen wir regelmäßig."


def test_positions_point_into_the_text():
    text = "Am 31.03.2027 beginnt es. Danach geht es künftig weiter."
    [found] = vague_words(text)
    assert text[found.start : found.end] == "künftig"
