"""Security headers Django 5.2 does not set by itself (it sets nosniff, Referrer-Policy, COOP
and X-Frame-Options already), and the language chosen in the address."""

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        # scripts only from our static files (no inline script: tests/test_no_inline_script.py);
        # style attributes stay allowed for the SVG charts
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        return response


NUL_REFUSED = "A NUL character is not allowed in a request."


class RefuseNulMiddleware:
    """A NUL byte in the path, the query or a form body is never meant: answer 400 before any
    view (PostgreSQL cannot store or even compare text holding one, so it used to be a 500).
    JSON bodies are checked by core.parsers.JSONParser, multipart fields by the forms."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse

            from core.errors import error_body

            if request.path_info.startswith("/api/"):
                return JsonResponse(error_body("invalid", NUL_REFUSED), status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path_info:
            return True
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(
            "application/x-www-form-urlencoded"
        ):
            return b"%00" in request.body or b"\x00" in request.body
        return False


class LanguageFromQueryMiddleware:
    """`?lang=en` (or `?lang=ka`) on any URL shows that page in that language and keeps the
    choice (the language cookie), so an English page has a stable address to share. After
    LocaleMiddleware, which reads the cookie and the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        lang = request.GET.get("lang", "")
        chosen = lang if lang in dict(settings.LANGUAGES) else None
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            response.headers["Content-Language"] = chosen
        return response
