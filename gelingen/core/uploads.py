"""Uploaded files: size limit, allow-list checked by content, private storage, guarded download.

Every upload goes through `validate_upload` (or the form field `UploadField`, which calls it): the size
is limited (`GELINGEN_MAX_UPLOAD_MB`, default 20), the type is detected from the bytes, not from the
name, and the file name's extension must match what was detected. Files are stored under
settings.MEDIA_ROOT (outside the web root; MEDIA_URL is not served) in a folder per organisation with a
random name; the original name is kept in the model for the download. Downloads go only through a view
that checked the membership and then calls `file_response`.

    class Evidence(models.Model):
        file = models.FileField(upload_to=OrgUploadTo("evidence"), blank=True)
        file_name = models.CharField(max_length=255, blank=True)
"""

from __future__ import annotations

import codecs
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_UPLOAD_MB = 20


@dataclass(frozen=True)
class FileType:
    extension: str  # canonical extension used for the stored name
    label: str | Promise  # shown in "Erlaubt sind: ..." (may be a lazy translation)
    content_type: str
    extensions: tuple[str, ...]  # file name endings accepted for this type


FILE_TYPES: dict[str, FileType] = {
    t.extension: t
    for t in [
        FileType("pdf", "PDF", "application/pdf", ("pdf",)),
        FileType(
            "docx",
            "Word (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileType(
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        FileType(
            "pptx",
            "PowerPoint (PPTX)",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileType(
            "odt",
            gettext_lazy("OpenDocument-Text (ODT)"),
            "application/vnd.oasis.opendocument.text",
            ("odt",),
        ),
        FileType(
            "ods",
            gettext_lazy("OpenDocument-Tabelle (ODS)"),
            "application/vnd.oasis.opendocument.spreadsheet",
            ("ods",),
        ),
        FileType(
            "odp",
            gettext_lazy("OpenDocument-Präsentation (ODP)"),
            "application/vnd.oasis.opendocument.presentation",
            ("odp",),
        ),
        FileType("png", "PNG", "image/png", ("png",)),
        FileType("jpg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        FileType("txt", gettext_lazy("Text (TXT)"), "text/plain", ("txt",)),
        FileType("csv", "CSV", "text/csv", ("csv",)),
    ]
}
DOCUMENT_TYPES = tuple(FILE_TYPES)
IMAGE_TYPES = ("png", "jpg")
# A small file can still decode to a huge bitmap ("decompression bomb"); PDF layout would run out of memory.
MAX_IMAGE_PIXELS = 40_000_000

# Office files are ZIP archives: the part that only that kind of file has.
OOXML_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
TEXT_TYPES = ("txt", "csv")


def max_upload_mb() -> int:
    return int(getattr(settings, "GELINGEN_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


def allowed_labels(allowed: Iterable[str] = DOCUMENT_TYPES) -> str:
    return ", ".join(str(FILE_TYPES[key].label) for key in allowed)


def accept_attribute(allowed: Iterable[str] = DOCUMENT_TYPES) -> str:
    """Value for <input type=file accept=...>: only a hint for the file chooser, never a check."""
    return ",".join(f".{ext}" for key in allowed for ext in FILE_TYPES[key].extensions)


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def original_name(name: str) -> str:
    """The user's file name, reduced to a safe base name (kept for the download, never used as a path)."""
    base = PurePath((name or "").replace("\\", "/")).name.strip()
    return (base or "datei")[-200:]


def _read_head(f, size: int = 8192) -> bytes:
    f.seek(0)
    head = f.read(size)
    f.seek(0)
    return head


def _zip_kind(f) -> str | None:
    """docx/xlsx/pptx/odt/ods/odp by their inner structure; None for any other ZIP."""
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    mimetype = part.read(100).strip()
                for key, expected in ODF_MIMETYPES.items():
                    if mimetype == expected:
                        return key
            if "[Content_Types].xml" in names:
                for key, marker in OOXML_MARKERS.items():
                    if marker in names:
                        return key
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    finally:
        f.seek(0)
    return None


def _is_utf8_text(f) -> bool:
    """Plain text: decodes as UTF-8 throughout and has no NUL bytes (which binary files have)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    f.seek(0)
    try:
        for chunk in iter(lambda: f.read(64 * 1024), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        f.seek(0)
    return True


def detect_type(f) -> str | None:
    """The allow-listed type key the bytes show (pdf, docx, ..., png, jpg), or None."""
    head = _read_head(f)
    if not head:
        return None
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension in ("zip", *OOXML_MARKERS, *ODF_MIMETYPES):
        return _zip_kind(f)
    if extension == "jpeg":
        return "jpg"
    if extension in FILE_TYPES:
        return extension
    return None


@dataclass(frozen=True)
class CheckedUpload:
    file_type: FileType
    original_name: str
    size: int


def validate_upload(f: UploadedFile, allowed: Iterable[str] = DOCUMENT_TYPES) -> CheckedUpload:
    """Check size, type by content, and that the extension matches; raise a German ValidationError."""
    allowed = tuple(allowed)
    not_allowed = ValidationError(
        _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.") % {"types": allowed_labels(allowed)},
        code="file_type",
    )
    if f.size is not None and f.size > max_upload_bytes():
        raise ValidationError(
            _("Die Datei ist zu groß (höchstens %(mb)s MB).") % {"mb": max_upload_mb()}, code="file_size"
        )
    if not f.size:
        raise ValidationError(_("Die Datei ist leer."), code="file_empty")
    name = original_name(f.name or "")
    extension = extension_of(name)
    detected = detect_type(f)
    if detected is None and extension in TEXT_TYPES and _is_utf8_text(f):
        detected = extension
    if detected is None or detected not in allowed:
        raise not_allowed
    file_type = FILE_TYPES[detected]
    if extension not in file_type.extensions:
        raise ValidationError(
            _(
                "Die Dateiendung „.%(ext)s“ passt nicht zum Inhalt der Datei (%(type)s). "
                "Bitte laden Sie die Datei mit der richtigen Endung hoch."
            )
            % {"ext": extension or "–", "type": file_type.label},
            code="file_extension",
        )
    if detected in IMAGE_TYPES:
        _check_image(f)
    return CheckedUpload(file_type=file_type, original_name=name, size=f.size)


def _check_image(f) -> None:
    """The image must decode and stay below MAX_IMAGE_PIXELS (read from the header, not decoded)."""
    from PIL import Image, UnidentifiedImageError

    f.seek(0)
    try:
        with Image.open(f) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Das Bild kann nicht gelesen werden."), code="file_type") from exc
    finally:
        f.seek(0)
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("Das Bild ist zu groß (%(w)d × %(h)d Pixel). Bitte verkleinern Sie es.")
            % {"w": width, "h": height},
            code="image_size",
        )


@deconstructible
class OrgUploadTo:
    """`upload_to` for a model with `organisation_id`: <org pk>/<folder>/<random>.<ext>.

    The random name means the original name never reaches the file system and nobody can guess paths.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return stored_name(instance.organisation_id, self.folder, extension_of(filename))

    def __eq__(self, other) -> bool:
        return isinstance(other, OrgUploadTo) and other.folder == self.folder


def stored_name(organisation_id: int, folder: str, extension: str) -> str:
    suffix = f".{extension}" if extension in FILE_TYPES or extension == "jpeg" else ""
    return f"org-{organisation_id}/{folder}/{uuid.uuid4().hex}{suffix}"


def upload_help_text(allowed: Iterable[str] = DOCUMENT_TYPES) -> str:
    return _("Höchstens %(mb)s MB. Erlaubt sind: %(types)s.") % {
        "mb": max_upload_mb(),
        "types": allowed_labels(allowed),
    }


# Evaluated when rendered, so the language and the size setting of that moment apply.
_upload_help = lazy(upload_help_text, str)


class UploadField(forms.FileField):
    """A file form field that validates with `validate_upload`; `cleaned_data[...]` is the file with
    a `checked` attribute (CheckedUpload)."""

    def __init__(self, *args, allowed: Iterable[str] = DOCUMENT_TYPES, **kwargs):
        self.allowed = tuple(allowed)
        kwargs.setdefault("help_text", _upload_help(self.allowed))
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": accept_attribute(self.allowed)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        f = super().clean(data, initial)
        if f and isinstance(f, UploadedFile):
            f.checked = validate_upload(f, self.allowed)
        return f


def file_response(field_file: FieldFile, download_name: str, content_type: str = "") -> FileResponse:
    """Send a stored file as an attachment: never rendered inline, never sniffed, never cached."""
    extension = extension_of(download_name)
    known = next((t for t in FILE_TYPES.values() if extension in t.extensions), None)
    content_type = content_type or (known.content_type if known else "application/octet-stream")
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def delete_stored(field_file: FieldFile | None) -> None:
    """Remove a stored file (after its row was deleted or the file replaced); missing files are fine."""
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)
