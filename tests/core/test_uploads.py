import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile

from gelingen.core import uploads
from tests.evidence import files


def real_jpeg() -> bytes:
    """Images must really decode now (their pixel size is checked), so this one is made by Pillow."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bericht.pdf", files.PDF, "pdf"),
        ("Konzept.DOCX", files.docx(), "docx"),
        ("kennzahlen.xlsx", files.xlsx(), "xlsx"),
        ("vortrag.pptx", files.pptx(), "pptx"),
        ("text.odt", files.odt(), "odt"),
        ("tabelle.ods", files.ods(), "ods"),
        ("folien.odp", files.odp(), "odp"),
        ("organigramm.png", files.png(), "png"),
        ("foto.jpg", real_jpeg(), "jpg"),
        ("foto.jpeg", real_jpeg(), "jpg"),
        ("protokoll.txt", files.TEXT, "txt"),
        ("werte.csv", files.CSV, "csv"),
    ],
)
def test_allowed_files_pass(name, content, expected):
    checked = uploads.validate_upload(files.upload(name, content))
    assert checked.file_type.extension == expected
    assert checked.original_name == name
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rechnung.pdf", files.EXE),  # a program disguised as PDF
        ("seite.pdf", files.HTML),  # HTML disguised as PDF
        ("seite.html", files.HTML),
        ("programm.exe", files.EXE),
        ("archiv.zip", files.plain_zip()),
        ("archiv.docx", files.plain_zip()),  # a ZIP without Word's parts
        ("notiz.txt", "Umlaute in Latin-1: äöü".encode("latin-1")),
        ("binär.txt", b"abc\x00def"),
        ("daten.md", files.TEXT),  # text, but not an allowed extension
    ],
)
def test_disallowed_content_is_refused(name, content):
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload(name, content))
    message = exc.value.messages[0]
    assert message.startswith("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, Word (DOCX)")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("konzept.pdf", files.docx()),
        ("bild.pdf", files.png()),
        ("bericht.docx", files.PDF),
        ("bild", files.png()),
    ],
)
def test_extension_must_match_content(name, content):
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload(name, content))
    assert "passt nicht zum Inhalt der Datei" in exc.value.messages[0]


def test_size_limit_from_setting(settings):
    settings.GELINGEN_MAX_UPLOAD_MB = 1
    big = files.PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload("gross.pdf", big))
    assert exc.value.messages == ["Die Datei ist zu groß (höchstens 1 MB)."]
    assert uploads.validate_upload(files.upload("klein.pdf", files.PDF))


def test_default_limit_is_20_mb(settings):
    if hasattr(settings, "GELINGEN_MAX_UPLOAD_MB"):
        del settings.GELINGEN_MAX_UPLOAD_MB
    assert uploads.max_upload_bytes() == 20 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload("gross.pdf", files.PDF + b"0" * (20 * 1024 * 1024)))
    assert exc.value.messages == ["Die Datei ist zu groß (höchstens 20 MB)."]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload("leer.pdf", b""))
    assert exc.value.messages == ["Die Datei ist leer."]


def test_allow_list_can_be_narrowed():
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(files.upload("bericht.pdf", files.PDF), allowed=uploads.IMAGE_TYPES)
    assert exc.value.messages == ["Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PNG, JPEG."]
    assert uploads.validate_upload(files.upload("a.png", files.png()), allowed=uploads.IMAGE_TYPES)


def test_original_name_is_reduced_to_a_base_name():
    assert uploads.original_name("../../etc/passwd") == "passwd"
    assert uploads.original_name("C:\\Users\\qm\\Protokoll März.pdf") == "Protokoll März.pdf"
    assert uploads.original_name("") == "datei"


def test_stored_name_is_random_and_per_organisation():
    first = uploads.stored_name(7, "evidence", "pdf")
    second = uploads.stored_name(7, "evidence", "pdf")
    assert first.startswith("org-7/evidence/") and first.endswith(".pdf")
    assert first != second
    assert uploads.stored_name(7, "evidence", "exe").rsplit("/", 1)[1].count(".") == 0


def test_upload_to_is_deconstructible():
    path, args, _kwargs = uploads.OrgUploadTo("evidence").deconstruct()
    assert path == "gelingen.core.uploads.OrgUploadTo" and args == ("evidence",)


class Form(forms.Form):
    file = uploads.UploadField(required=False)


def test_form_field_reports_errors_and_keeps_the_check():
    form = Form(files={"file": files.upload("x.pdf", files.EXE)})
    assert not form.is_valid()
    assert "Dieser Dateityp ist nicht erlaubt" in form.errors["file"][0]
    form = Form(files={"file": files.upload("x.pdf", files.PDF)})
    assert form.is_valid()
    assert form.cleaned_data["file"].checked.file_type.extension == "pdf"
    assert "Höchstens 20 MB" in str(form.fields["file"].help_text)
    assert ".pdf" in str(form["file"])  # accept attribute as a hint for the file chooser


@pytest.mark.django_db  # closing a response sends request_finished, which touches the connection
def test_file_response_is_a_private_attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    field = FileField(upload_to=uploads.OrgUploadTo("evidence"))
    name = default_storage.save("org-1/evidence/abc.pdf", ContentFile(files.PDF))
    field_file = FieldFile(None, field, name)
    response = uploads.file_response(field_file, "Protokoll März.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Protokoll" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == files.PDF
    response.close()
    uploads.delete_stored(field_file)
    assert not default_storage.exists(name)


def test_huge_image_dimensions_are_refused(settings):
    """A tiny PNG that decodes to a gigantic bitmap would exhaust memory in the PDF layout."""
    import io

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gelingen.core.uploads import IMAGE_TYPES, validate_upload

    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")
    upload = SimpleUploadedFile("riesig.png", out.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload, IMAGE_TYPES)
    assert "Das Bild ist zu groß (10000 × 5000 Pixel)" in exc.value.messages[0]
