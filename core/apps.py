from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Civic Budget"

    def ready(self):
        from . import checks, logs  # noqa: F401  (checks register themselves)

        logs.connect_celery_signals()
