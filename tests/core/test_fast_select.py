"""FastSelect renders what forms.Select would, without a template per option."""

from django import forms

from gelingen.core.forms import FastSelect


class Both(forms.Form):
    fast = forms.TypedChoiceField(coerce=int, required=False, widget=FastSelect)
    plain = forms.TypedChoiceField(coerce=int, required=False)


CHOICES = [("", "alle"), ("QB1 <Leitbild>", [(1, "1.1 – a & b"), (2, "1.2")]), (3, "frei")]


def test_same_options_and_selection_as_select():
    form = Both({"fast": "2", "plain": "2"})
    for name in ("fast", "plain"):
        form.fields[name].choices = CHOICES
    fast, plain = str(form["fast"]), str(form["plain"])
    assert 'name="fast"' in fast and 'id="id_fast"' in fast
    assert '<optgroup label="QB1 &lt;Leitbild&gt;">' in fast
    assert '<option value="2" selected>1.2</option>' in fast
    assert '<option value="1">1.1 – a &amp; b</option>' in fast
    assert fast.count("<option") == plain.count("<option") == 4
    assert fast.count(" selected") == plain.count(" selected") == 1
    assert form.is_valid() and form.cleaned_data["fast"] == 2
