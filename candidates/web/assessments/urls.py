"""The assessor's inbox and scorecard, the unit lead's panels and calibration."""

from __future__ import annotations

from django.urls import path

from candidates.web.assessments import calibration, inbox, panels, scorecard

urlpatterns = [
    path("assessments/", inbox.inbox, name="inbox"),
    path("assessments/<int:pk>/", scorecard.assessment_page, name="assessment"),
    path("assessments/<int:pk>/draft/", scorecard.assessment_draft, name="assessment_draft"),
    path("assessments/<int:pk>/submit/", scorecard.assessment_submit, name="assessment_submit"),
    path("assessments/<int:pk>/amend/", scorecard.assessment_amend, name="assessment_amend"),
    path("assessments/<int:pk>/decline/", scorecard.assessment_leave, name="assessment_decline"),
    path(
        "assessments/<int:pk>/written-score/",
        scorecard.assessment_written_score,
        name="assessment_written_score",
    ),
    path("panels/", panels.panel_list, name="panels"),
    path("panels/<int:pk>/reassign/", panels.panel_reassign, name="panel_reassign"),
    path("panels/<int:pk>/advance/", panels.panel_advance, name="panel_advance"),
    path("panels/<int:pk>/reject/", panels.panel_reject, name="panel_reject"),
    path("panels/<int:pk>/fallback/", panels.panel_fallback, name="panel_fallback"),
    path("panels/calibration/", calibration.calibration, name="calibration"),
]
