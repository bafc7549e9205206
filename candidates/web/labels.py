"""The words pages use for the product's codes, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATUS = {
    "active": _("Active"),
    "on_hold": _("On hold"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
    "hired": _("Hired"),
}
STAGE_KIND = {
    "review": _("Review"),
    "screen": _("Screen"),
    "written_test": _("Written test"),
    "bu_assessment": _("Business-unit assessment"),
    "interview": _("Interview"),
    "offer": _("Offer"),
    "hired": _("Hired"),
}
SOURCE = {
    "careers_site": _("Careers site"),
    "referral": _("Referral"),
    "drive": _("Recruitment drive"),
    "social": _("Social media"),
    "headhunter": _("Headhunter"),
    "campus": _("Campus"),
    "other": _("Other"),
}
EDUCATION = {
    "none": _("No degree"),
    "bachelor": _("Bachelor"),
    "master": _("Master"),
    "phd": _("PhD"),
}
RESULT = {"pass": _("Pass"), "fail": _("Fail"), "discuss": _("Discuss")}
PROPOSAL = {
    "advance": _("Advance"),
    "reject": _("Reject"),
    "fallback": _("Fall back to the standard track"),
}
RECOMMENDATION = {1: _("Strong no"), 2: _("No"), 3: _("Yes"), 4: _("Strong yes")}
SEAT = {
    "assigned": _("To score"),
    "submitted": _("Submitted"),
    "declined": _("Declined"),
    "removed": _("Removed"),
}
TRANSITION = {
    "created": _("Applied"),
    "moved": _("Moved"),
    "skipped": _("Skipped"),
    "rejected": _("Rejected"),
    "unrejected": _("Rejection undone"),
    "withdrawn": _("Withdrew"),
    "held": _("Put on hold"),
    "resumed": _("Resumed"),
    "hired": _("Hired"),
    "track_switched": _("Switched track"),
}
# The board and the lists (candidates/web/board).
JOB_STATUS = {
    "draft": _("Draft"),
    "open": _("Open"),
    "on_hold": _("On hold"),
    "closed": _("Closed"),
}
