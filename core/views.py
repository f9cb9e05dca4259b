from django.shortcuts import render

from core.errors import api_server_error


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """API clients get the error shape; pages get Django's explanation."""
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
    from django.views.csrf import csrf_failure as default

    return default(request, reason)
