"""Write a validated catalogue into the database and read it back out (lossless round trip)."""

from __future__ import annotations

import json

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from . import parse
from .models import Area, EvidenceExample, QualityModel, Requirement, Specification


class CatalogueRefused(Exception):
    """The file is valid, but importing it now would break something (existing or used version)."""


@transaction.atomic
def import_catalogue(data: dict, replace: bool = False) -> QualityModel:
    """Store a catalogue that `parse.load` accepted. All-or-nothing."""
    existing = (
        QualityModel.objects.select_for_update().filter(code=data["code"], version=data["version"]).first()
    )
    if existing:
        if existing.is_used:
            raise CatalogueRefused(
                _("%(model)s wird bereits von Qualitätszyklen verwendet und kann nicht mehr geändert werden.")
                % {"model": existing}
            )
        if not replace:
            raise CatalogueRefused(
                _("%(model)s ist bereits importiert. Mit --replace wird die Version ersetzt.")
                % {"model": existing}
            )
        existing.delete()

    model = QualityModel.objects.create(
        code=data["code"],
        version=data["version"],
        name=data["name"],
        name_en=data["name_en"],
        licence_note=data["licence_note"],
        licence_note_en=data["licence_note_en"],
    )
    specs, requirements, examples = [], [], []
    for area_data in data["areas"]:
        area = Area.objects.create(
            model=model,
            number=area_data["number"],
            name=area_data["name"],
            name_en=area_data["name_en"],
            definition=area_data["definition"],
            definition_en=area_data["definition_en"],
            optional=area_data["optional"],
            specifications_assessed=area_data["specifications_assessed"],
        )
        specs += [
            Specification(area=area, position=i, **{k: s[k] for k in parse.SPEC_KEYS})
            for i, s in enumerate(area_data["specifications"])
        ]
        for i, r in enumerate(area_data["requirements"]):
            requirement = Requirement(
                model=model,
                area=area,
                position=i,
                **{k: r[k] for k in parse.REQ_KEYS - {"evidence_examples"}},
            )
            requirements.append(requirement)
            examples.append((requirement, r["evidence_examples"]))
    Specification.objects.bulk_create(specs)
    Requirement.objects.bulk_create(requirements)
    EvidenceExample.objects.bulk_create(
        EvidenceExample(requirement=req, position=i, text=e["text"], text_en=e["text_en"])
        for req, items in examples
        for i, e in enumerate(items)
    )
    return model


def export_catalogue(model: QualityModel) -> dict:
    """The model as a dict in the file format; `import_catalogue(parse.load(dump(...)))` restores it."""
    areas = model.areas.prefetch_related("specifications", "requirements__evidence_examples").order_by(
        "number"
    )
    mandatory = [a for a in areas if not a.optional]
    return {
        "format": parse.FORMAT,
        "code": model.code,
        "version": model.version,
        "name": model.name,
        "name_en": model.name_en,
        "licence_note": model.licence_note,
        "licence_note_en": model.licence_note_en,
        "counts": {
            "mandatory_areas": len(mandatory),
            "optional_areas": len(areas) - len(mandatory),
            "requirements": sum(len(a.requirements.all()) for a in mandatory),
        },
        "areas": [
            {
                "number": area.number,
                "name": area.name,
                "name_en": area.name_en,
                "optional": area.optional,
                "specifications_assessed": area.specifications_assessed,
                "definition": area.definition,
                "definition_en": area.definition_en,
                "specifications": [
                    {"key": s.key, "text": s.text, "text_en": s.text_en, "hint": s.hint, "hint_en": s.hint_en}
                    for s in area.specifications.all()
                ],
                "requirements": [
                    {
                        "code": r.code,
                        "text": r.text,
                        "text_en": r.text_en,
                        "explanation": r.explanation,
                        "explanation_en": r.explanation_en,
                        "generic": r.generic or None,
                        "evidence_examples": [
                            {"text": e.text, "text_en": e.text_en} for e in r.evidence_examples.all()
                        ],
                    }
                    for r in area.requirements.all()
                ],
            }
            for area in areas
        ],
    }


def dump(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
