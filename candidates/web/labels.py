"""The words pages use for the product's codes, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
# Eligibility rules (recruiting.rules): facts and item fields, operators, enum choices.
RULE_FACT = {
    "specialties": _("Specialties"),
    "matches_job_specialty": _("Has the job's specialty"),
    "years_experience": _("Years of experience"),
    "education": _("Education"),
    "school": _("School"),
    "current_employer": _("Current employer"),
    "source": _("Source"),
    "referred": _("Referred"),
    "referred_by_unit_member": _("Referred by a unit member"),
    "publications": _("Publications"),
    "awards": _("Awards"),
    "venue": _("Venue"),
    "year": _("Year"),
    "tier": _("Venue tier"),
    "specialty": _("Specialty"),
    "years_ago": _("Years ago"),
    "in_job_specialty": _("In the job's specialty"),
    "name": _("Name"),
    "level": _("Level"),
}
RULE_OPERATOR = {
    "eq": _("is"),
    "in": _("is one of"),
    "gte": _("is at least"),
    "lte": _("is at most"),
    "contains_any": _("include any of"),
    "exists": _("is given"),
}
TIER = {"top": _("Top"), "strong": _("Strong"), "other": _("Other")}
AWARD_LEVEL = {
    "international": _("International"),
    "national": _("National"),
    "regional": _("Regional"),
    "internal": _("Internal"),
}
# The assessment pages' own words.
ASSESSMENT_STATUS = {
    "pending": _("Scoring"),
    "decided": _("Decided"),
    "closed": _("Closed"),
}
PUBLICATION_TIER = {"top": _("Top venue"), "strong": _("Strong venue"), "other": _("Other venue")}

# Profiles (candidate and application pages).
DELIVERY_CHANNEL = {
    "email": pgettext_lazy("channel", "Email"),
    "in_app": pgettext_lazy("channel", "In-app"),
    "webhook": pgettext_lazy("channel", "Webhook"),
}
DELIVERY_STATUS = {
    "pending": _("Waiting"),
    "sending": _("Sending"),
    "sent": _("Sent"),
    "dead": _("Failed"),
    "cancelled": _("Cancelled"),
}
RECIPIENT = {
    "candidate": _("Candidate"),
    "assessor": _("Assessor"),
    "unit_lead": _("Unit lead"),
    "recruiter": _("Recruiter"),
    "user": _("Staff member"),
    "endpoint": _("Webhook endpoint"),
}
PANEL_STATUS = {"pending": _("Scoring"), "decided": _("Decided"), "closed": _("Closed")}
ROUTING_MODE = {
    "auto": _("Routes matching applications automatically"),
    "suggest": _("Suggests matching applications to a recruiter"),
}
ACTOR_ROLE = {
    "admin": _("Admin"),
    "recruiter": _("Recruiter"),
    "unit_lead": _("Unit lead"),
    "assessor": _("Assessor"),
    "viewer": _("Viewer"),
    "system": _("System"),
}

# The board and the lists (candidates/web/board).
JOB_STATUS = {
    "draft": _("Draft"),
    "open": _("Open"),
    "on_hold": _("On hold"),
    "closed": _("Closed"),
}
