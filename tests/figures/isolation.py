"""Key figures: every URL of the app for tests/test_tenant_isolation.py."""

from tests.figures.factories import add_assessment, add_value, make_figure, make_indicator
from tests.isolation import pk

ORG_URLS = {
    "figures:list": None,
    "figures:create": None,
    "figures:detail": pk("figure"),
    "figures:edit": pk("figure"),
    "figures:delete": pk("figure"),
    "figures:value_add": pk("figure"),
    "figures:value_edit": pk("figure", value="figure_value"),
    "figures:value_delete": pk("figure", value="figure_value"),
    "figures:import": None,
    "figures:import_template": None,
    "figures:indicator_list": None,
    "figures:indicator_create": None,
    "figures:indicator_detail": pk("indicator"),
    "figures:indicator_edit": pk("indicator"),
    "figures:assessment_add": pk("indicator"),
    "figures:assessment_edit": pk("indicator", assessment="indicator_assessment"),
    "figures:assessment_delete": pk("indicator", assessment="indicator_assessment"),
    "figures:report": None,
    "figures:report_csv": None,
}


def populate(world, side, org, people):
    figure = make_figure(org, owner=people["qm"])
    setattr(world, f"{side}_figure", figure)
    setattr(world, f"{side}_figure_value", add_value(figure, "2026-03", 12))
    indicator = make_indicator(org, owner=people["staff"])
    setattr(world, f"{side}_indicator", indicator)
    setattr(world, f"{side}_indicator_assessment", add_assessment(indicator, "2026-H1"))
