from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from accounts import api as accounts_api
from core.errors import api_not_found
from cycles import api as cycles_api
from notifications import api as notifications_api

router = SimpleRouter()
router.register("municipalities", cycles_api.MunicipalityViewSet, basename="municipality")
router.register("cycles", cycles_api.CycleViewSet, basename="cycle")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")

api_v1 = [
    path("auth/register/", accounts_api.RegisterView.as_view(), name="register"),
    path("auth/token/", accounts_api.TokenView.as_view(), name="token"),
    path("auth/token/refresh/", accounts_api.RefreshView.as_view(), name="token-refresh"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/verify-phone/", accounts_api.VerifyPhoneView.as_view(), name="verify-phone"),
    path(
        "me/verify-phone/confirm/",
        accounts_api.VerifyPhoneConfirmView.as_view(),
        name="verify-phone-confirm",
    ),
    path("me/devices/", notifications_api.DeviceView.as_view(), name="devices"),
    *router.urls,
    path("", include("ideas.api_urls")),
    path("", include("trainings.api_urls")),
    path("", include("proposals.api_urls")),
    path("", include("jury.api_urls")),
    path("", include("voting.api_urls")),
    path("", include("implementation.api_urls")),
    path("", include("record.api_urls")),
]

urlpatterns = [
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    re_path(r"^api/", api_not_found),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("ideas.urls")),
    path("", include("trainings.urls")),
    path("", include("proposals.urls")),
    path("", include("jury.urls")),
    path("", include("voting.urls")),
    path("", include("implementation.urls")),
    path("", include("record.urls")),
    path("", include("reports.urls")),
    path("", include("cycles.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "core.views.server_error"
