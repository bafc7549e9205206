"""Every page's URL. Each area of the interface keeps its own URLs in its package."""

from __future__ import annotations

from django.urls import include, path

from candidates.web import accounts, dashboard, notices

app_name = "web"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/preferences/", accounts.preferences, name="preferences"),
    path("accounts/language/", accounts.language_set, name="language"),
    path("notifications/", notices.notification_list, name="notifications"),
    path("notifications/panel/", notices.notification_panel, name="notifications_panel"),
    path("notifications/count/", notices.notification_count, name="notifications_count"),
    path("notifications/read-all/", notices.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", notices.notification_read, name="notification_read"),
    path("", include("candidates.web.board.urls")),
    path("", include("candidates.web.profiles.urls")),
    path("", include("candidates.web.assessments.urls")),
    path("", include("candidates.web.designer.urls")),
]
