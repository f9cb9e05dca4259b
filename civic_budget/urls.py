from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core import media
from core.errors import api_not_found
from core.views import favicon, robots_txt
from voting.api_urls import ballot_urlpatterns

api_v1 = [
    path("", include(ballot_urlpatterns)),  # first: the hottest address (voting/api_urls.py)
    path("", include("accounts.api_urls")),
    path("", include("cycles.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("ideas.api_urls")),
    path("", include("trainings.api_urls")),
    path("", include("proposals.api_urls")),
    path("", include("jury.api_urls")),
    path("", include("voting_points.api_urls")),
    path("", include("voting.api_urls")),
    path("", include("implementation.api_urls")),
    path("", include("outreach.api_urls")),
    path("", include("record.api_urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    # uploads, served by the app whatever DEBUG says (core.media); private folders refused here
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media.serve, name="media"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("ideas.urls")),
    path("", include("trainings.urls")),
    path("", include("proposals.urls")),
    path("", include("jury.urls")),
    path("", include("voting_points.urls")),
    path("", include("voting.urls")),
    path("", include("implementation.urls")),
    path("", include("outreach.urls")),
    path("", include("record.urls")),
    path("", include("reports.urls")),
    path("", include("cycles.urls")),
]

handler403 = "core.views.permission_denied"
handler500 = "core.views.server_error"
