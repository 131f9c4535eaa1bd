from gelingen.selfreport.render import citations, to_html


def test_markdown_features_and_heading_levels():
    html = to_html(
        "# Ziel\n\n**fett** *kursiv*\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |", heading_base=3
    )
    assert "<h4>Ziel</h4>" in html
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<ul>" in html and "<table>" in html and "<th>x</th>" in html


def test_raw_html_and_scripts_are_neutralised():
    html = to_html("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>")
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_images_resolve_through_the_callback():
    html = to_html("![Organigramm](bild:7)\n\n![fehlt](bild:8)", lambda pk: "/bild/7" if pk == 7 else None)
    assert '<img src="/bild/7" alt="Organigramm">' in html
    assert "fehlt" not in html


def test_citations_in_order_without_repeats():
    assert citations("siehe [QB3-07], [QB10-12] und nochmals [QB3-07]; nicht [QB3.2]") == [
        "QB3-07",
        "QB10-12",
    ]


def test_only_the_reports_own_images_survive():
    html = to_html(
        "![A](bild:3) ![B](bild:4) ![C](https://tracker.example/x.png) ![D](file:///etc/passwd)",
        lambda pk: "/bild/3" if pk == 3 else None,
    )
    assert html.count("<img") == 1 and 'src="/bild/3"' in html
    assert "tracker.example" not in html.split("<img")[1]
