from datetime import date, timedelta

import pytest

from gelingen.quality.leitbild.rules import (
    communication_errors,
    participation_date_error,
    revision_date_error,
)

TODAY = date(2026, 6, 15)
DAY = timedelta(days=1)


def test_complete_and_consistent_communication_has_no_errors():
    assert communication_errors(TODAY - 9 * DAY, TODAY - 5 * DAY, "Team", TODAY, "Website", TODAY) == {}
    assert communication_errors(None, None, "", None, "", TODAY) == {}


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ((TODAY + DAY, None, "", None, ""), "written_on", "nicht in der Zukunft"),
        ((None, TODAY, "", None, ""), "internal_channel", "Bitte nennen Sie den Weg"),
        ((None, None, "Intranet", None, ""), "internal_on", "auch das Datum"),
        ((None, None, "", None, "Flyer"), "external_on", "auch das Datum"),
        ((TODAY, TODAY - DAY, "Team", None, ""), "internal_on", "vor der schriftlichen Fixierung"),
        ((TODAY, None, "", TODAY - DAY, "Web"), "external_on", "vor der schriftlichen Fixierung"),
    ],
)
def test_communication_errors(args, field, message):
    errors = communication_errors(*args, TODAY)
    assert message in errors[field]


def test_revision_date_must_not_be_set_into_the_past():
    assert "Vergangenheit" in revision_date_error(TODAY - DAY, None, TODAY)
    assert revision_date_error(TODAY, None, TODAY) is None
    assert revision_date_error(None, TODAY - DAY, TODAY) is None
    # an already stored (now overdue) date may stay when other fields change
    assert revision_date_error(TODAY - DAY, TODAY - DAY, TODAY) is None


def test_participation_lies_in_the_past():
    assert participation_date_error(TODAY, TODAY) is None
    assert "Zukunft" in participation_date_error(TODAY + DAY, TODAY)
