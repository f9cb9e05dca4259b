from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Civic Budget"

    def ready(self):
        from . import checks, georgian, logs  # noqa: F401  (checks register themselves)

        georgian.install()

        logs.connect_celery_signals()
