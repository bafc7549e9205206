"""The assessor's inbox: the panels they sit on, soonest due first, overdue marked in
words. Unit leads, admins and the roles that read every unit see what they oversee,
with a toggle for their own seats."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.web.assessments.forms import InboxFilter
from candidates.web.assessments.selectors import COUNT_UP_TO, inbox_page
from candidates.web.roles import roles_required
from recruiting.errors import InvalidInput
from recruiting.roles import Role, user_roles

TEMPLATE = "assessments/inbox.html"


@roles_required()
def inbox(request: HttpRequest) -> HttpResponse:
    filters = InboxFilter(request.GET)
    if not filters.is_valid():
        raise InvalidInput(_("Those filters are not valid."))
    oversees = bool(user_roles(request.user) - {Role.ASSESSOR})
    mine = filters.cleaned_data["mine"] or not oversees
    show, page = filters.cleaned_data["show"], filters.cleaned_data["page"]
    listing = inbox_page(request.user, mine=mine, show=show, page=page, now=timezone.now())
    query = request.GET.copy()
    query["page"] = str(page + 1)
    context = {
        "listing": listing,
        "filters": filters,
        "oversees": oversees,
        "mine": mine,
        "show": show,
        "next_query": query.urlencode(),
        "count_limit": COUNT_UP_TO,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{TEMPLATE}#rows", context)
    return render(request, TEMPLATE, context)
