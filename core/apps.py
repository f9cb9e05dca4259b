from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Civic Budget"

    def ready(self):
        from . import checks, georgian, logs  # noqa: F401  (checks register themselves)

        georgian.install()
        _translate_field_names()

        logs.connect_celery_signals()


def _translate_field_names():
    """Name each model field that has no verbose_name of its own through gettext: Django makes
    it from the attribute ("created_at" -> "created at") and never translates it, so the admin
    showed it in English. The Georgian is in locale/vendor; tests/test_georgian_pages.py checks
    that every such name has one. Only the displayed name changes: `_verbose_name`, which
    migrations read, stays None."""
    from django.apps import apps
    from django.utils.translation import gettext_lazy

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and getattr(field, "_verbose_name", "") is None:
                field.verbose_name = gettext_lazy(field.verbose_name)
