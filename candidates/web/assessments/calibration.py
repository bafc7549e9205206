"""The calibration report: how each assessor scores against their panels, and how much
each unit's panels agree (Krippendorff's alpha), with what that number means."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from candidates.assessments.calibration import assessor_report, unit_report
from candidates.web.assessments.selectors import people_names
from candidates.web.roles import roles_required
from recruiting.errors import NotAllowed
from recruiting.models import BusinessUnit
from recruiting.roles import Role, sees_all_units
from recruiting.selectors import led_unit_ids

# Krippendorff's customary thresholds (Content Analysis, 2004, p. 241): rely on data
# with alpha >= .800; draw only tentative conclusions from .667 to .800.
GOOD, TENTATIVE = 0.8, 0.667
# Below this many compared panels, alpha swings with every new scorecard.
FEW_PANELS = 10


def report_unit_ids(user: Any) -> list[int]:
    """As the API's `_report_units`: every unit for admins, recruiters and viewers; a
    unit lead's own units; nobody else."""
    if sees_all_units(user):
        return list(BusinessUnit.objects.order_by("name").values_list("pk", flat=True))
    units = led_unit_ids(user)
    if not units:
        raise NotAllowed(
            _("Calibration reports are for unit leads, recruiters, admins and viewers.")
        )
    return units


def reading(row: dict[str, Any]) -> tuple[str, str]:
    """(level, plain words) for a unit's alpha: good / tentative / poor / none."""
    alpha = row["alpha"]
    if alpha is None:
        if not row["units"]:
            return "none", _(
                "Not defined yet: no panel has two submitted scorecards, so there is "
                "nothing to compare."
            )
        return "none", _(
            "Not defined: every scorecard gave the same weighted score, so agreement "
            "cannot be told apart from chance. The assessors agree, but the data do not "
            "show how well they tell candidates apart."
        )
    if alpha >= GOOD:
        return "good", _(
            "Good agreement: the assessors rank candidates alike, and the panels' "
            "verdicts can be relied on (Krippendorff asks for at least 0.8)."
        )
    if alpha >= TENTATIVE:
        return "tentative", _(
            "Tentative agreement (0.667 to 0.8): good enough for tentative conclusions "
            "only. Compare the assessors below and talk through the scorecard's criteria."
        )
    if alpha > 0:
        return "poor", _(
            "The panels disagree more than a four-point scale should allow (below 0.667): "
            "the same candidate could pass or fail depending on who sits. Calibrate the "
            "assessors with the largest deviation first."
        )
    return "poor", _(
        "No better than chance (0 or below): the assessors' scores do not agree at all. "
        "Review the scorecard and calibrate the panel before relying on its verdicts."
    )


@roles_required(Role.ADMIN, Role.RECRUITER, Role.VIEWER, Role.UNIT_LEAD)
def calibration(request: HttpRequest) -> HttpResponse:
    unit_ids = report_unit_ids(request.user)
    assessors = assessor_report(unit_ids)
    units = unit_report(unit_ids)
    names = people_names(row["assessor_id"] for row in assessors)
    unit_names = dict(BusinessUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    for row in assessors:
        row["name"] = names.get(row["assessor_id"], str(row["assessor_id"]))
    for unit in units:
        unit["name"] = unit_names.get(unit["unit_id"], "")
        unit["level"], unit["reading"] = reading(unit)
        unit["few"] = unit["alpha"] is not None and unit["units"] < FEW_PANELS
    chart = {
        "labels": [row["name"] for row in assessors],
        "deviation": [row["mean_deviation_from_median"] for row in assessors],
        "text": {
            "deviation": _("Mean distance from the panel median"),
            "axis": _("Points on the 1-4 scale (0 = always on the median)"),
        },
    }
    context = {"assessors": assessors, "units": units, "chart": chart}
    return render(request, "assessments/calibration.html", context)
