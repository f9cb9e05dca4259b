"""Security headers Django 5.2 does not set by itself (it sets nosniff, Referrer-Policy, COOP
and X-Frame-Options already)."""

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
