from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from gelingen.core import deadlines
from gelingen.quality.figures.models import FigureValue, IndicatorAssessment, KeyFigure, QualitativeIndicator
from gelingen.quality.figures.periods import last_completed, parse_period, period_containing
from gelingen.quality.leitbild import justification
from tests.conftest import add_member
from tests.figures.factories import add_assessment, add_value, make_figure, make_indicator, make_ratio

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"figures:{name}", args=[org.slug, *args])


FIGURE_POST = {
    "name": "Wartezeit bis Erstgespräch",
    "code": "WZ",
    "kind": "absolute",
    "unit": "Tage",
    "decimals": "1",
    "definition": "Kalendertage von der Anfrage bis zum Erstgespräch, Durchschnitt des Monats.",
    "justification": "Kurze Wartezeiten sichern, dass Menschen mit ihrer Veränderungsbereitschaft ankommen.",
    "rhythm": "monthly",
    "direction": "lower",
    "target": "10,5",
    "active": "on",
}


# --- list, detail ------------------------------------------------------------------------------


def test_list_shows_latest_value_trend_and_target_status(client_qm, org_a):
    figure = make_figure(org_a, name="Erstkontakte", code="EK", target=D(45))
    add_value(figure, "2026-08", 58)
    add_value(figure, "2026-09", 47)
    make_figure(org_a, name="Ohne Wert")
    make_figure(org_a, name="Stillgelegt", active=False)
    response = client_qm.get(url("list", org_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Erstkontakte" in html and "47 Fälle" in html and "September 2026" in html
    assert "sinkt (ungünstig)" in html and "Ziel\u00a0erreicht" in html and "≥ 45 Fälle" in html
    assert "noch kein Wert" in html and "Stillgelegt" not in html
    assert "auch 1 inaktive Kennzahl zeigen" in html
    assert "Stillgelegt" in client_qm.get(url("list", org_a) + "?alle=1").content.decode()


def test_navigation_links_to_key_figures(client_qm, org_a, cycle_a):
    html = client_qm.get(reverse("dashboard", args=[org_a.slug])).content.decode()
    assert f'href="{url("list", org_a)}"' in html


def _many_figures(org, n):
    for i in range(n):
        figure = make_figure(org, name=f"Kennzahl {i:03d}", target=D(5))
        add_value(figure, "2026-01", i)
        add_value(figure, "2026-02", i + 1)


@pytest.mark.parametrize("n", [3, 60])
def test_list_query_count_does_not_grow(client_qm, org_a, qm_a, n, django_assert_num_queries):
    _many_figures(org_a, n)
    client_qm.get(url("list", org_a))  # warm-up (session, caches)
    with django_assert_num_queries(7):
        response = client_qm.get(url("list", org_a))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_report_query_count_does_not_grow(client_qm, org_a, n, django_assert_num_queries):
    _many_figures(org_a, n)
    for i in range(n):
        add_assessment(make_indicator(org_a, title=f"Indikator {i:03d}", owner=None), "2025-H2")
    client_qm.get(url("report", org_a) + "?period=2026-02")
    with django_assert_num_queries(7):
        response = client_qm.get(url("report", org_a) + "?period=2026-02")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_indicator_list_query_count_does_not_grow(client_qm, org_a, qm_a, n, django_assert_num_queries):
    for i in range(n):
        indicator = make_indicator(org_a, title=f"Indikator {i:03d}", owner=qm_a)
        add_assessment(indicator, "2025-H2")
        add_assessment(indicator, "2026-H1", "partly")
    client_qm.get(url("indicator_list", org_a))
    with django_assert_num_queries(6):
        response = client_qm.get(url("indicator_list", org_a))
    assert response.status_code == 200
    assert "teilweise\u00a0erreicht" in response.content.decode()


@pytest.mark.parametrize("n", [3, 60])
def test_detail_query_count_does_not_grow(client_qm, org_a, qm_a, n, django_assert_num_queries):
    figure = make_ratio(org_a, name="Anteil", rhythm="monthly", target=D(60))
    start = last_completed("monthly", timezone.localdate())
    for i in range(n):
        add_value(figure, start.shift(-i).key, numerator=i, denominator=100, entered_by=qm_a, note="x")
    client_qm.get(figure.get_absolute_url())
    with django_assert_num_queries(11):
        response = client_qm.get(figure.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_indicator_detail_query_count_does_not_grow(client_qm, org_a, qm_a, n, django_assert_num_queries):
    indicator = make_indicator(org_a, rhythm="monthly")
    start = last_completed("monthly", timezone.localdate())
    for i in range(n):
        add_assessment(indicator, start.shift(-i).key, assessed_by=qm_a)
    client_qm.get(indicator.get_absolute_url())
    with django_assert_num_queries(7):
        response = client_qm.get(indicator.get_absolute_url())
    assert response.status_code == 200


def test_detail_shows_chart_with_gaps_table_and_justification_hint(client_qm, org_a):
    figure = make_figure(
        org_a, name="Erstkontakte", justification="Entspricht unserem Leitbild.", target=D(45)
    )
    end = last_completed("monthly", timezone.localdate())
    add_value(figure, end.shift(-3).key, 40)
    add_value(figure, end.shift(-1).key, 50)
    response = client_qm.get(figure.get_absolute_url())
    html = response.content.decode()
    assert "<svg" in html and "polyline" in html and 'class="target"' in html
    points = response.context["points"]
    assert [p[1] for p in points] == [40.0, None, 50.0, None]  # gaps stay, up to the last completed month
    assert "verweist nur auf das Leitbild" in html
    assert "Wert erfassen" in html


def test_justification_hint_is_the_verdict_message(client_qm, org_a):
    for text in ("", "Entspricht unserem Leitbild.", "„Wir begleiten Menschen auf ihrem Weg.“"):
        figure = make_figure(org_a, justification=text)
        response = client_qm.get(figure.get_absolute_url())
        assert response.context["justification_hint"] == justification.classify(text).message
    accepted = make_figure(org_a)
    assert client_qm.get(accepted.get_absolute_url()).context["justification_hint"] is None


def test_detail_shows_the_requirement_text_not_only_as_tooltip(client_qm, org_a, cycle_a):
    figure = make_figure(org_a)
    requirement = cycle_a.model.requirements.first()
    figure.requirements.add(requirement)
    html = client_qm.get(figure.get_absolute_url()).content.decode()
    assert f'<li><span class="tag">{requirement.code}</span> {escape(requirement.display_text)}</li>' in html
    assert 'title="' not in html.split("Anforderungen", 1)[1].split("</dd>", 1)[0]


def test_list_pagination_keeps_the_filter(client_qm, org_a):
    for i in range(51):
        make_figure(org_a, name=f"Kennzahl {i:03d}", active=i % 2 == 0)
    html = client_qm.get(url("list", org_a) + "?alle=1").content.decode()
    assert "?alle=1&amp;page=2" in html


def test_detail_of_a_band_figure_draws_no_single_target_line(client_qm, org_a):
    figure = make_ratio(org_a, direction="band", target_min=D(80), target_max=D(95))
    add_value(figure, last_completed("quarterly", timezone.localdate()).key, numerator=9, denominator=10)
    response = client_qm.get(figure.get_absolute_url())
    assert response.context["chart_target"] is None
    assert "80 – 95 %" in response.content.decode()


def test_reader_sees_no_write_controls(client_reader, org_a):
    figure = make_figure(org_a)
    add_value(figure, "2026-01", 3)
    html = client_reader.get(figure.get_absolute_url()).content.decode()
    assert "Wert erfassen" not in html and "bearbeiten" not in html
    assert "Kennzahl anlegen" not in client_reader.get(url("list", org_a)).content.decode()


# --- create, edit, delete figures --------------------------------------------------------------


def test_create_figure(client_qm, org_a, qm_a, cycle_a):
    qb10 = cycle_a.model.areas.get(number=10)
    response = client_qm.post(url("create", org_a), {**FIGURE_POST, "areas": [qb10.pk], "owner": qm_a.pk})
    figure = KeyFigure.objects.get(organisation=org_a)
    assert response.status_code == 302 and response.url == figure.get_absolute_url()
    assert figure.target == D("10.5") and figure.owner == qm_a and list(figure.areas.all()) == [qb10]


def test_figure_form_offers_only_the_organisations_areas_and_requirements(client_qm, org_a, cycle_a, kqs):
    chosen, other = kqs.areas.get(number=14), kqs.areas.get(number=13)
    cycle_a.optional_areas.add(chosen)
    form = client_qm.get(url("create", org_a)).context["form"]
    assert {a.number for a in form.fields["areas"].queryset} == {*range(1, 13), 14}
    offered = set(form.fields["requirements"].queryset.values_list("area__number", flat=True))
    assert 14 in offered and 13 not in offered
    # an area or requirement the organisation did not choose is refused, nothing is saved
    foreign = other.requirements.first()
    response = client_qm.post(url("create", org_a), {**FIGURE_POST, "areas": [other.pk]})
    assert "keine gültige Auswahl" in response.context["form"].errors["areas"][0]
    response = client_qm.post(url("create", org_a), {**FIGURE_POST, "requirements": [foreign.pk]})
    assert response.context["form"].errors["requirements"] == [
        "Bitte wählen Sie Anforderungen aus den Qualitätszyklen Ihrer Organisation."
    ]
    assert not KeyFigure.objects.exists()
    # the chosen optional area and its requirements can be linked
    mine = chosen.requirements.first()
    response = client_qm.post(
        url("create", org_a), {**FIGURE_POST, "areas": [chosen.pk], "requirements": [mine.pk]}
    )
    figure = KeyFigure.objects.get()
    assert list(figure.areas.all()) == [chosen] and list(figure.requirements.all()) == [mine]


def test_indicator_form_offers_only_the_organisations_areas(client_qm, org_a, cycle_a, kqs):
    form = client_qm.get(url("indicator_create", org_a)).context["form"]
    assert [a.number for a in form.fields["areas"].queryset] == list(range(1, 13))
    cycle_a.optional_areas.add(kqs.areas.get(number=15))
    form = client_qm.get(url("indicator_create", org_a)).context["form"]
    assert [a.number for a in form.fields["areas"].queryset] == [*range(1, 13), 15]


def test_linked_area_no_longer_chosen_stays_selectable_when_editing(client_qm, org_a, cycle_a, kqs):
    optional = kqs.areas.get(number=13)
    figure = make_figure(org_a)
    figure.areas.add(optional)
    form = client_qm.get(url("edit", org_a, figure.pk)).context["form"]
    assert optional in form.fields["areas"].queryset


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"direction": "band", "target": "", "target_min": "95", "target_max": "80"},
            "target_max",
            "Das Ende des Korridors muss größer als der Anfang sein.",
        ),
        (
            {"direction": "band", "target": ""},
            "target_min",
            "Bitte mindestens eine Grenze des Zielkorridors angeben.",
        ),
        (
            {"direction": "band", "target": "5", "target_min": "1"},
            "target",
            "Beim Zielkorridor bitte „Korridor von“ und „Korridor bis“ angeben.",
        ),
        (
            {"target_min": "3"},
            "target_min",
            "Korridorgrenzen gelten nur für die Zielrichtung „Zielkorridor“.",
        ),
        (
            {"kind": "ratio"},
            "numerator_label",
            "Bei einer Verhältniszahl bitte beschreiben, was Zähler und Nenner sind.",
        ),
        ({"code": "ek"}, "code", "Dieses Kürzel hat schon eine andere Kennzahl."),
        ({"name": "anzahl erstkontakte"}, "name", "Eine Kennzahl mit diesem Namen gibt es schon."),
        ({"target": "zehn"}, "target", "Bitte eine Zahl eingeben."),
        ({"definition": ""}, "definition", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_create_figure_bad_input(client_qm, org_a, changes, field, message):
    make_figure(org_a, code="EK", name="Anzahl Erstkontakte")
    response = client_qm.post(url("create", org_a), {**FIGURE_POST, **changes})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert "es wurde nichts gespeichert" in response.content.decode()
    assert KeyFigure.objects.count() == 1


def test_staff_may_not_define_figures_but_may_enter_values(client, org_a, staff_a):
    client.force_login(staff_a)
    figure = make_figure(org_a)
    assert client.post(url("create", org_a), FIGURE_POST).status_code == 403
    assert client.post(url("edit", org_a, figure.pk), FIGURE_POST).status_code == 403
    assert client.post(url("delete", org_a, figure.pk)).status_code == 403
    response = client.post(url("value_add", org_a, figure.pk), {"period": "2026-03", "value": "4"})
    assert response.status_code == 302 and figure.values.count() == 1


def test_reader_gets_403_on_every_write(client_reader, org_a):
    figure = make_figure(org_a)
    value = add_value(figure, "2026-01", 3)
    indicator = make_indicator(org_a)
    assessment = add_assessment(indicator, "2026-H1")
    posts = [
        (url("create", org_a), FIGURE_POST),
        (url("value_add", org_a, figure.pk), {"period": "2026-03", "value": "4"}),
        (url("value_edit", org_a, figure.pk, value.pk), {"period": "2026-01", "value": "4"}),
        (url("value_delete", org_a, figure.pk, value.pk), {}),
        (url("import", org_a), {}),
        (
            url("assessment_add", org_a, indicator.pk),
            {"period": "2026-H2", "rating": "met", "assessment": "x"},
        ),
        (url("assessment_delete", org_a, indicator.pk, assessment.pk), {}),
    ]
    for target, data in posts:
        assert client_reader.post(target, data).status_code == 403, target
    assert FigureValue.objects.get().value == D(3) and IndicatorAssessment.objects.count() == 1


def test_edit_figure_locks_kind_and_rhythm_once_values_exist_and_recomputes_on_unit_change(client_qm, org_a):
    figure = make_ratio(org_a, name="Anteil", unit="%", rhythm="quarterly")
    add_value(figure, "2026-Q1", numerator=1, denominator=4)
    data = {
        **FIGURE_POST,
        "name": "Anteil",
        "code": figure.code,
        "kind": "absolute",  # ignored: the field is disabled
        "rhythm": "monthly",  # ignored
        "unit": "",
        "numerator_label": "a",
        "denominator_label": "b",
        "direction": "higher",
        "target": "",
    }
    response = client_qm.post(url("edit", org_a, figure.pk), data)
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.kind, figure.rhythm, figure.unit) == ("ratio", "quarterly", "")
    assert figure.values.get().value == D("0.25")  # was 25 (%), now a plain ratio


def test_delete_figure(client_qm, org_a):
    figure = make_figure(org_a, name="Weg damit")
    add_value(figure, "2026-01", 3)
    page = client_qm.get(url("delete", org_a, figure.pk))
    assert "mit 1 erfasstem Wert" in page.content.decode()
    response = client_qm.post(url("delete", org_a, figure.pk))
    assert response.status_code == 302 and not KeyFigure.objects.exists() and not FigureValue.objects.exists()


# --- values ------------------------------------------------------------------------------------


def test_add_absolute_value_with_decimal_comma(client_qm, org_a, qm_a):
    figure = make_figure(org_a, unit="Tage", rhythm="monthly")
    page = client_qm.get(url("value_add", org_a, figure.pk))
    assert page.context["form"].initial["period"] == last_completed("monthly", timezone.localdate()).key
    response = client_qm.post(
        url("value_add", org_a, figure.pk),
        {"period": "", "other_period": "11/2024", "value": "7,5", "note": "Urlaub"},
    )
    assert response.status_code == 302
    value = figure.values.get()
    assert (value.period, value.value, value.note, value.entered_by) == ("2024-11", D("7.5"), "Urlaub", qm_a)


def test_add_ratio_value_is_computed(client_qm, org_a):
    figure = make_ratio(org_a, rhythm="quarterly")
    response = client_qm.post(
        url("value_add", org_a, figure.pk), {"period": "2026-Q1", "numerator": "40", "denominator": "62"}
    )
    assert response.status_code == 302
    assert figure.values.get().value == D("64.5161")


def test_period_from_the_deadline_link_is_preselected(client_qm, org_a):
    figure = make_figure(org_a, rhythm="quarterly")
    page = client_qm.get(url("value_add", org_a, figure.pk) + "?period=2025-Q3")
    assert page.context["form"].initial["period"] == "2025-Q3"
    old = client_qm.get(url("value_add", org_a, figure.pk) + "?period=2019-Q2")
    assert 'value="2019-Q2" selected' in old.content.decode()
    nonsense = client_qm.get(url("value_add", org_a, figure.pk) + "?period=2019-13")
    assert nonsense.status_code == 200 and 'value="2019-13"' not in nonsense.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"period": "2026-Q1", "numerator": "3", "denominator": "0"},
            "denominator",
            "Der Nenner darf nicht 0 sein.",
        ),
        ({"period": "2026-Q1", "numerator": "3"}, "denominator", "Dieses Feld ist zwingend erforderlich."),
        (
            {"period": "2026-Q1", "numerator": "-3", "denominator": "4"},
            "numerator",
            "Dieser Wert muss größer oder gleich 0 sein.",
        ),
        (
            {"period": "", "numerator": "3", "denominator": "4"},
            "period",
            "Bitte wählen Sie einen Zeitraum oder geben Sie einen ein.",
        ),
        (
            {"other_period": "2026-13", "numerator": "3", "denominator": "4"},
            "other_period",
            "Zeitraum „2026-13“ passt nicht zum Rhythmus quartalsweise. Erwartet wird z. B. „2026-Q1“.",
        ),
        (
            {"period": "2025-Q4", "numerator": "3", "denominator": "4"},
            "period",
            "Für 4. Quartal 2025 gibt es schon einen Wert. Bitte bearbeiten Sie diesen.",
        ),
        (
            {"period": "1999-Q1", "numerator": "3", "denominator": "4"},
            "period",
            "Bitte eine gültige Auswahl treffen. 1999-Q1 ist keine gültige Auswahl.",
        ),
    ],
)
def test_add_value_bad_input(client_qm, org_a, data, field, message):
    figure = make_ratio(org_a, rhythm="quarterly")
    add_value(figure, "2025-Q4", numerator=1, denominator=2)
    response = client_qm.post(url("value_add", org_a, figure.pk), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert figure.values.count() == 1


def _next_month_key() -> str:
    return period_containing("monthly", timezone.localdate()).next.key


def test_value_for_a_period_that_has_not_begun_is_refused(client_qm, org_a, qm_a):
    figure = make_figure(org_a, rhythm="monthly", owner=qm_a)
    for key in (_next_month_key(), "2031-03", "03/2031"):
        response = client_qm.post(url("value_add", org_a, figure.pk), {"other_period": key, "value": "5"})
        assert response.status_code == 200
        label = parse_period("monthly", key).label
        assert response.context["form"].errors["other_period"] == [
            f"Der Zeitraum {label} hat noch nicht begonnen. Werte und Einschätzungen können erst ab "
            "Beginn des Zeitraums erfasst werden."
        ]
        assert "es wurde nichts gespeichert" in response.content.decode()
        assert not figure.values.exists()
    # the figure's open period stays in the due list
    assert any(
        f"figures.value:{figure.pk}:" in i.key for i in deadlines.due_items([org_a.pk], date(2100, 1, 1))
    )
    # the current period has begun: fine
    current = period_containing("monthly", timezone.localdate()).key
    response = client_qm.post(url("value_add", org_a, figure.pk), {"period": current, "value": "5"})
    assert response.status_code == 302 and figure.values.get().period == current


def test_editing_a_value_onto_a_future_period_is_refused(client_qm, org_a):
    figure = make_figure(org_a, rhythm="monthly")
    value = add_value(figure, "2026-02", 3)
    response = client_qm.post(
        url("value_edit", org_a, figure.pk, value.pk), {"other_period": "2031-03", "value": "3"}
    )
    assert "hat noch nicht begonnen" in response.context["form"].errors["other_period"][0]
    value.refresh_from_db()
    assert value.period == "2026-02"


def test_future_period_from_a_link_is_not_offered(client_qm, org_a):
    figure = make_figure(org_a, rhythm="monthly")
    page = client_qm.get(url("value_add", org_a, figure.pk) + "?period=2031-03")
    assert 'value="2031-03"' not in page.content.decode()


def test_assessment_for_a_period_that_has_not_begun_is_refused(client_qm, org_a):
    indicator = make_indicator(org_a, rhythm="yearly")
    later = str(timezone.localdate().year + 1)
    response = client_qm.post(
        url("assessment_add", org_a, indicator.pk),
        {"other_period": later, "rating": "met", "assessment": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["other_period"] == [
        f"Der Zeitraum {later} hat noch nicht begonnen. Werte und Einschätzungen können erst ab Beginn "
        "des Zeitraums erfasst werden."
    ]
    assert not indicator.assessments.exists()


def test_import_refuses_future_periods_with_the_line_number(client_qm, org_a):
    figure = make_figure(org_a, code="EK", rhythm="monthly")
    later = _next_month_key()
    text = f"Kennzahl;Zeitraum;Wert\nEK;2026-03;4\nEK;{later};5\nEK;2031-03;6\n"
    response = client_qm.post(url("import", org_a), {"file": _upload(text)})
    assert response.status_code == 400
    errors = response.context["result"].errors
    label = parse_period("monthly", later).label
    assert errors == [
        f"Zeile 3: Der Zeitraum {label} hat noch nicht begonnen. Werte und Einschätzungen können erst ab "
        "Beginn des Zeitraums erfasst werden.",
        "Zeile 4: Der Zeitraum März 2031 hat noch nicht begonnen. Werte und Einschätzungen können erst ab "
        "Beginn des Zeitraums erfasst werden.",
    ]
    assert "Es wurde nichts gespeichert." in response.content.decode()
    assert not figure.values.exists()


def test_edit_and_delete_value(client_qm, org_a, staff_a, qm_a):
    figure = make_figure(org_a, rhythm="monthly")
    value = add_value(figure, "2026-02", 3, entered_by=staff_a)
    add_value(figure, "2026-03", 4)
    page = client_qm.get(url("value_edit", org_a, figure.pk, value.pk))
    assert page.context["form"].initial["period"] == "2026-02"
    # moving it onto another existing period is refused
    bad = client_qm.post(url("value_edit", org_a, figure.pk, value.pk), {"period": "2026-03", "value": "9"})
    assert bad.status_code == 200 and "gibt es schon einen Wert" in bad.content.decode()
    ok = client_qm.post(url("value_edit", org_a, figure.pk, value.pk), {"period": "2026-02", "value": "9,25"})
    assert ok.status_code == 302
    value.refresh_from_db()
    assert value.value == D("9.25") and value.entered_by == staff_a and value.updated_by == qm_a
    assert client_qm.get(url("value_delete", org_a, figure.pk, value.pk)).status_code == 200
    assert client_qm.post(url("value_delete", org_a, figure.pk, value.pk)).status_code == 302
    assert figure.values.count() == 1


def test_value_of_another_figure_answers_404(client_qm, org_a, org_b):
    mine, other = make_figure(org_a), make_figure(org_a)
    value = add_value(other, "2026-01", 1)
    assert client_qm.get(url("value_edit", org_a, mine.pk, value.pk)).status_code == 404
    assert client_qm.post(url("value_delete", org_a, mine.pk, value.pk)).status_code == 404
    assert FigureValue.objects.count() == 1


# --- import ------------------------------------------------------------------------------------


def _upload(text: str | bytes, name="werte.csv"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_import_happy_path(client, org_a, staff_a):
    client.force_login(staff_a)
    figure = make_figure(org_a, code="EK", rhythm="monthly")
    page = client.get(url("import", org_a))
    assert page.status_code == 200 and "Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz" in page.content.decode()
    response = client.post(
        url("import", org_a), {"file": _upload("Kennzahl;Zeitraum;Wert\nEK;2026-03;4\nEK;2026-04;5,5\n")}
    )
    assert response.status_code == 302
    assert figure.values.count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 Werte neu erfasst, 0 Werte überschrieben."]


def test_import_with_errors_saves_nothing_and_lists_them(client_qm, org_a):
    make_figure(org_a, code="EK", rhythm="monthly")
    text = "Kennzahl;Zeitraum;Wert\nEK;2026-03;4\nEK;2026-13;5\n"
    response = client_qm.post(url("import", org_a), {"file": _upload(text)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Zeile 3: Zeitraum „2026-13“ passt nicht zum Rhythmus monatlich." in html
    assert "Es wurde nichts gespeichert." in html
    assert FigureValue.objects.count() == 0


def test_import_overwrite_option(client_qm, org_a):
    figure = make_figure(org_a, code="EK", rhythm="monthly")
    add_value(figure, "2026-03", 1)
    text = "Kennzahl;Zeitraum;Wert\nEK;2026-03;4\n"
    assert client_qm.post(url("import", org_a), {"file": _upload(text)}).status_code == 400
    response = client_qm.post(url("import", org_a), {"file": _upload(text), "overwrite": "on"})
    assert response.status_code == 302 and figure.values.get().value == D(4)


def test_import_form_errors(client_qm, org_a, settings):
    response = client_qm.post(url("import", org_a), {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.context["form"].errors["file"]
    big = _upload(b"x" * (1024 * 1024 + 1))
    response = client_qm.post(url("import", org_a), {"file": big})
    assert (
        "Die Datei ist größer als 1 MB. Bitte teilen Sie sie auf." in response.context["form"].errors["file"]
    )
    response = client_qm.post(url("import", org_a), {"file": _upload(b"\xff\xfeK\x00", name="x.csv")})
    assert response.status_code == 200 and "nicht UTF-8" in response.content.decode()
    assert not FigureValue.objects.exists()


def test_import_checks_the_file_type_with_the_shared_upload_rules(client_qm, org_a):
    make_figure(org_a, code="EK", rhythm="monthly")
    page = client_qm.get(url("import", org_a)).content.decode()
    assert 'accept=".csv,.txt"' in page
    # a spreadsheet is not a CSV file: say how to save it as one
    response = client_qm.post(url("import", org_a), {"file": _upload(b"PK\x03\x04rest", name="werte.xlsx")})
    assert (
        "Das ist eine Excel- oder ZIP-Datei, keine CSV-Datei." in response.context["form"].errors["file"][0]
    )
    # readable text under a name that is no CSV/TXT: the shared type check refuses it
    text = "Kennzahl;Zeitraum;Wert\nEK;2026-03;4\n"
    response = client_qm.post(url("import", org_a), {"file": _upload(text, name="werte.pdf")})
    assert response.context["form"].errors["file"] == [
        "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: CSV, Text (TXT)."
    ]
    # a .txt export is fine
    response = client_qm.post(url("import", org_a), {"file": _upload(text, name="werte.txt")})
    assert response.status_code == 302
    assert FigureValue.objects.count() == 1


def test_import_template(client_qm, org_a):
    make_figure(org_a, code="EK", name="A", rhythm="monthly")
    make_ratio(org_a, code="BEP", name="B", rhythm="quarterly")
    make_figure(org_a, code="ALT", name="C", active=False)
    response = client_qm.get(url("import_template", org_a))
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.lstrip("\ufeff").splitlines()
    today = timezone.localdate()
    assert lines == [
        "Kennzahl;Zeitraum;Wert;Zähler;Nenner;Notiz",
        f"EK;{last_completed('monthly', today).key};;;;",
        f"BEP;{last_completed('quarterly', today).key};;;;",
    ]


def test_template_round_trip(client_qm, org_a):
    make_figure(org_a, code="EK", rhythm="monthly")
    text = client_qm.get(url("import_template", org_a)).content.decode("utf-8")
    filled = text.replace(";;;;", ";12;;;", 1).encode("utf-8")
    response = client_qm.post(url("import", org_a), {"file": _upload(filled)})
    assert response.status_code == 302 and FigureValue.objects.get().value == D(12)


# --- qualitative indicators --------------------------------------------------------------------

INDICATOR_POST = {
    "title": "Jugendliche gestalten ihren Hilfeplan mit",
    "description": "Jugendliche bringen eigene Ziele ein und finden sie im Hilfeplan wieder.",
    "agreed_with": "Jugendrat und Team",
    "agreed_on": "2026-02-10",
    "rhythm": "half_yearly",
    "active": "on",
}


def test_create_and_edit_indicator(client_qm, org_a):
    response = client_qm.post(url("indicator_create", org_a), INDICATOR_POST)
    indicator = QualitativeIndicator.objects.get()
    assert response.status_code == 302 and response.url == indicator.get_absolute_url()
    assert indicator.agreed_on == date(2026, 2, 10)
    response = client_qm.post(url("indicator_edit", org_a, indicator.pk), {**INDICATOR_POST, "title": "Neu"})
    indicator.refresh_from_db()
    assert response.status_code == 302 and indicator.title == "Neu"


def test_indicator_bad_input(client_qm, org_a):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_qm.post(
        url("indicator_create", org_a), {**INDICATOR_POST, "agreed_on": future, "agreed_with": ""}
    )
    form = response.context["form"]
    assert "Das Datum der Vereinbarung darf nicht in der Zukunft liegen." in form.errors["agreed_on"]
    assert "Dieses Feld ist zwingend erforderlich." in form.errors["agreed_with"]
    assert not QualitativeIndicator.objects.exists()


def test_staff_cannot_define_indicators(client, org_a, staff_a):
    client.force_login(staff_a)
    assert client.post(url("indicator_create", org_a), INDICATOR_POST).status_code == 403


def test_indicator_detail_and_assessments(client_qm, org_a, qm_a):
    indicator = make_indicator(org_a, rhythm="half_yearly")
    add_assessment(indicator, "2025-H2", "partly")
    html = client_qm.get(indicator.get_absolute_url()).content.decode()
    assert "2. Halbjahr 2025" in html and "teilweise\u00a0erreicht" in html
    response = client_qm.post(
        url("assessment_add", org_a, indicator.pk),
        {
            "period": "2026-H1",
            "rating": "met",
            "assessment": "Alle Ziele eingebracht.",
            "evidence": "Protokoll",
        },
    )
    assert response.status_code == 302
    item = indicator.assessments.get(period="2026-H1")
    assert (item.rating, item.assessed_by, item.evidence) == ("met", qm_a, "Protokoll")
    response = client_qm.post(
        url("assessment_edit", org_a, indicator.pk, item.pk),
        {"period": "2026-H1", "rating": "partly", "assessment": "Doch nur teilweise."},
    )
    item.refresh_from_db()
    assert response.status_code == 302 and item.rating == "partly"
    assert client_qm.post(url("assessment_delete", org_a, indicator.pk, item.pk)).status_code == 302
    assert indicator.assessments.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"period": "2025-H2", "rating": "met", "assessment": "x"},
            "period",
            "Für 2. Halbjahr 2025 gibt es schon eine Bewertung. Bitte bearbeiten Sie diese.",
        ),
        (
            {"other_period": "2026-Q1", "rating": "met", "assessment": "x"},
            "other_period",
            "Zeitraum „2026-Q1“ passt nicht zum Rhythmus halbjährlich. Erwartet wird z. B. „2026-H1“.",
        ),
        (
            {"period": "2026-H1", "rating": "super", "assessment": "x"},
            "rating",
            "Bitte eine gültige Auswahl treffen. super ist keine gültige Auswahl.",
        ),
        (
            {"period": "2026-H1", "rating": "met", "assessment": ""},
            "assessment",
            "Dieses Feld ist zwingend erforderlich.",
        ),
    ],
)
def test_assessment_bad_input(client_qm, org_a, data, field, message):
    indicator = make_indicator(org_a, rhythm="half_yearly")
    add_assessment(indicator, "2025-H2")
    response = client_qm.post(url("assessment_add", org_a, indicator.pk), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert indicator.assessments.count() == 1


def test_staff_may_assess(client, org_a, staff_a):
    client.force_login(staff_a)
    indicator = make_indicator(org_a, rhythm="yearly")
    response = client.post(
        url("assessment_add", org_a, indicator.pk),
        {"other_period": "2024", "rating": "not_met", "assessment": "x"},
    )
    assert response.status_code == 302 and indicator.assessments.get().period == "2024"


# --- report ------------------------------------------------------------------------------------


def test_report_defaults_to_the_last_completed_quarter(client_qm, org_a):
    response = client_qm.get(url("report", org_a))
    expected = last_completed("quarterly", timezone.localdate())
    assert response.status_code == 200 and response.context["period"] == expected
    assert f'Kennzahlenbericht <span class="muted">{expected.label}</span>' in response.content.decode()


def test_report_for_a_chosen_period(client_qm, org_a):
    share = make_ratio(org_a, name="Anteil planmäßig beendet", target=D(65))
    add_value(share, "2026-Q2", numerator=41, denominator=56, note="gute Quote")
    add_value(share, "2026-Q1", numerator=40, denominator=62)
    cases = make_figure(org_a, name="Erstkontakte", rhythm="monthly")
    add_value(cases, "2026-06", 12)
    indicator = make_indicator(org_a, title="Ernst genommen", rhythm="half_yearly")
    add_assessment(indicator, "2026-H1", "met", assessment="Beirat bestätigt.")
    response = client_qm.get(url("report", org_a) + "?period=2026-Q2")
    html = response.content.decode()
    assert "2. Quartal 2026" in html and "73,2 %" in html and "64,5 %" in html
    assert "+8,7 Prozentpunkte" in html and "gute Quote" in html
    assert "Juni 2026" in html and "(monatlich)" in html
    assert "Beirat bestätigt." in html and "1. Halbjahr 2026" in html
    assert "1 von 2 Kennzahlen im Ziel, 0 verfehlt, 0 ohne Wert." in html


def test_report_with_an_unknown_period_falls_back(client_qm, org_a):
    response = client_qm.get(url("report", org_a) + "?period=2026-13")
    assert response.status_code == 200 and response.context["invalid_period"]
    assert "Diesen Zeitraum gibt es nicht" in response.content.decode()


def test_report_for_an_old_period_keeps_it_selectable(client_qm, org_a):
    response = client_qm.get(url("report", org_a) + "?period=2019")
    assert response.context["period"].key == "2019"
    assert 'value="2019" selected' in response.content.decode()


def test_report_csv(client_qm, org_a):
    share = make_ratio(org_a, code="BEP", name="Anteil", target=D(65))
    add_value(share, "2026-Q2", numerator=41, denominator=56, note="=gefährlich")
    add_value(share, "2026-Q1", numerator=40, denominator=62)
    add_assessment(make_indicator(org_a, title="Ernst genommen"), "2026-H1", "partly", assessment="geht so")
    waiting = make_figure(org_a, code="WZ", name="Wartezeit", unit="Tage", rhythm="monthly")
    add_value(waiting, "2026-06", "25.2")
    add_value(waiting, "2026-05", 20)
    response = client_qm.get(url("report_csv", org_a) + "?period=2026-Q2")
    assert response["Content-Disposition"].startswith('attachment; filename="kennzahlenbericht-')
    lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Art;Kürzel;Name;Zeitraum;Wert / Einschätzung")
    assert lines[1] == (
        "Kennzahl;BEP;Anteil;2026-Q2;73,2143;%;2026-Q1;64,5161;8,6982;≥ 65 %;Ziel erreicht;'=gefährlich"
    )
    assert lines[2].startswith("Kennzahl;WZ;Wartezeit;2026-06;25,2;Tage;2026-05;20;5,2;")
    assert (
        lines[3]
        == "Qualitativer Erfolgsindikator;;Ernst genommen;2026-H1;teilweise erreicht;;2025-H2;;;;;geht so"
    )


def test_other_members_of_other_orgs_see_404(client, org_b, org_a):
    figure = make_figure(org_a)
    outsider = add_member(org_b, "qm", "fremd@example.org")
    client.force_login(outsider)
    assert client.get(figure.get_absolute_url()).status_code == 404


def test_value_edit_over_a_newer_save_is_refused_and_keeps_both(client_qm, org_a):
    figure = make_figure(org_a)
    value = add_value(figure, "2026-01", 3)
    FigureValue.objects.filter(pk=value.pk).update(value=D("7"), note="von A", lock_version=1)
    edit = url("value_edit", org_a, figure.pk, value.pk)
    response = client_qm.post(edit, {"period": "2026-01", "value": "4", "note": "von B", "lock_version": "0"})
    html = response.content.decode()
    assert "Jemand anderes hat diesen Eintrag gespeichert" in html and "von A" in html and "von B" in html
    value.refresh_from_db()
    assert (value.value, value.note) == (D("7"), "von A")
    # saving again against the version now shown is a deliberate choice and works
    response = client_qm.post(edit, {"period": "2026-01", "value": "4", "note": "von B", "lock_version": "1"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.note, value.lock_version) == (D("4"), "von B", 2)
