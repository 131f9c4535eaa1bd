from datetime import date, timedelta

from gelingen.quality.leitbild.completeness import completeness, qb1_checks
from gelingen.quality.leitbild.models import SECTION_KEYS, LeitbildVersion, RevisionPlan

TODAY = date(2026, 6, 15)
ALL = {key: "beschrieben" for key, _label in SECTION_KEYS}


def test_all_described():
    state = completeness(ALL)
    assert state.complete and state.missing == []
    assert state.summary == "Alle 8 Spezifikationen sind beschrieben."


def test_missing_sections_are_named_in_specification_order():
    state = completeness({**ALL, "resources": "", "capabilities": "  \n "})
    assert not state.complete
    assert state.missing == ["capabilities", "resources"]
    assert state.summary == "6 von 8 Spezifikationen beschrieben; es fehlen: Fähigkeiten, Ressourcen"


def test_unknown_or_absent_keys_count_as_missing():
    state = completeness({"identity": "x", "other": "y"})
    assert state.described == ["identity"] and len(state.missing) == 7


def _version(**kwargs):
    return LeitbildVersion(number=1, **kwargs)


def test_checks_without_a_published_version():
    checks = qb1_checks(None, None, 0, None, TODAY)
    assert [c.met for c in checks] == [False] * 5
    assert "noch keine Version" in checks[0].detail


def test_checks_with_everything_in_place():
    version = _version(
        written_on=TODAY,
        internal_on=TODAY,
        internal_channel="Team",
        external_on=TODAY,
        external_channel="Web",
    )
    plan = RevisionPlan(responsible_id=1, next_revision_on=TODAY + timedelta(days=1))
    checks = qb1_checks(version, completeness(ALL), 3, plan, TODAY)
    assert all(c.met for c in checks), [c.detail for c in checks]


def test_checks_name_what_is_missing():
    version = _version(written_on=TODAY, internal_on=TODAY, internal_channel="Team")
    plan = RevisionPlan(responsible_id=1, next_revision_on=TODAY - timedelta(days=1))
    complete, participated, written, known, revision = qb1_checks(
        version, completeness({**ALL, "dgd": ""}), 0, plan, TODAY
    )
    assert not complete.met and "es fehlen: Definition gelungener" in complete.detail
    assert not participated.met
    assert written.met
    assert not known.met and known.detail == "Noch nicht dokumentiert: extern veröffentlicht."
    assert not revision.met and "überfällig" in revision.detail
