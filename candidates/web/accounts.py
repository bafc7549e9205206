"""Logging in and out, and each member of staff's language and time zone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.notifications.preferences import (
    staff_language_set,
    staff_preferences,
    staff_time_zone_set,
    time_zones,
)
from candidates.web.roles import roles_required
from recruiting.errors import InvalidInput
from recruiting.roles import acting_user


class LoginView(auth_views.LoginView):
    """Django's login (a failed login counts towards the lockout: django-axes)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _back(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else fallback


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the pages' language: kept with the user's preferences (emails too) and,
    before login, in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not offered."))
        return HttpResponseRedirect(_back(request))
    if request.user.is_authenticated:
        staff_language_set(user=request.user, language=language)
    response = HttpResponseRedirect(_back(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        required=False,
        help_text=gettext_lazy("Every date on these pages is shown in it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = _("The organisation's (%(zone)s)") % {"zone": settings.TIME_ZONE}
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", organisation), *((z, z) for z in time_zones())]


@roles_required()
def preferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    chosen = staff_preferences(user.pk)
    initial = {"language": chosen.language or request.LANGUAGE_CODE, "time_zone": chosen.time_zone}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff_language_set(user=user, language=form.cleaned_data["language"])
            staff_time_zone_set(user=user, time_zone=form.cleaned_data["time_zone"])
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your preferences are saved."))
            return HttpResponseRedirect(request.path)
    return render(request, "accounts/preferences.html", {"form": form})
