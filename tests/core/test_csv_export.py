from gelingen.core.csv_export import csv_response, safe_cell


def test_formulas_are_neutralised_but_numbers_stay_numbers():
    assert safe_cell("=SUMME(A1:A9)") == "'=SUMME(A1:A9)"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("-1+1") == "'-1+1"
    assert safe_cell("-2,2222") == "-2,2222"
    assert safe_cell("+3.5") == "+3.5"
    assert safe_cell(None) == "" and safe_cell(12) == "12"


def test_response_has_bom_semicolons_and_attachment():
    response = csv_response("x.csv", ["Kopf A", "Kopf B"], [["ä", "=1"]])
    body = response.content.decode("utf-8")
    assert body == "\ufeffKopf A;Kopf B\r\nä;'=1\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
