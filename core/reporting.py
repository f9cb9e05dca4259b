"""What the debug error page and error reports may show: never a password, a code, a personal
number, a token or a login (settings.DEFAULT_EXCEPTION_REPORTER_FILTER).

Django's own filter honours `sensitive_variables` / `sensitive_post_parameters` only when
DEBUG is off, and knows nothing of DRF: a JSON body is parsed into dicts and serializers whose
repr carries the body. This filter is always on, honours the decorators, and also masks, in
every frame, variables and dict keys whose name says they hold a secret, POST parameters of the
same names, and the data inside serializers.
"""

import re
from collections.abc import Mapping

from django.views.debug import SafeExceptionReporterFilter

SECRET_NAMES = re.compile(
    r"pass|secret|token|refresh|personal_number|birth|^code$|_code$|^login$|^username$|"
    r"^phone$|^sealed",
    re.I,
)


class SafeReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True  # on the debug page too: a screenshot of it must not carry a password

    def is_secret(self, name) -> bool:
        return isinstance(name, str) and bool(SECRET_NAMES.search(name))

    def cleanse(self, value, depth=0):
        from rest_framework.serializers import BaseSerializer

        if isinstance(value, BaseSerializer):
            return f"<{type(value).__name__} (data hidden)>"
        if depth > 3:
            return value
        try:
            if isinstance(value, Mapping):
                return {
                    k: self.cleansed_substitute if self.is_secret(k) else self.cleanse(v, depth + 1)
                    for k, v in value.items()
                }
            if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in value):
                return [self.cleanse(v, depth + 1) for v in value]
        except Exception:  # a lazy or odd object: hide it rather than fail the report
            return self.cleansed_substitute
        return value

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        params = params.copy()
        for name in list(params):
            if self.is_secret(name):
                params[name] = self.cleansed_substitute
        return params

    def get_traceback_frame_variables(self, request, tb_frame):
        out = []
        for name, value in super().get_traceback_frame_variables(request, tb_frame):
            if not (isinstance(value, str) and value == self.cleansed_substitute):
                value = self.cleansed_substitute if self.is_secret(name) else self.cleanse(value)
            out.append((name, value))
        return out
