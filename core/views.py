from django.shortcuts import render

from core.errors import api_server_error


def permission_denied(request, exception=None):
    """Django's 403 (a PermissionDenied anywhere) as our page: in the layout and language."""
    from .pages import forbidden

    return forbidden(request)


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """API clients get the error shape; pages get the 403 page in the reader's language."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse
        from django.utils.translation import gettext as _

        from .errors import error_body

        return JsonResponse(
            error_body(
                "forbidden", _("CSRF check failed: send the X-CSRFToken header or use a token.")
            ),
            status=403,
        )
    from django.utils.translation import gettext as _

    from .pages import forbidden

    # Django's own page is English only and outside the layout
    return forbidden(
        request, _("This form has expired. Go back, reload the page and send it again.")
    )


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /accounts/
Disallow: /notifications/
"""


def robots_txt(request):
    """Search engines may read the public pages, not accounts, the API or the admin."""
    from django.http import HttpResponse

    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


def favicon(request):
    """The site's icon where browsers and bookmarks look for it (/favicon.ico)."""
    from django.conf import settings
    from django.http import HttpResponse

    icon = (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()
    response = HttpResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
