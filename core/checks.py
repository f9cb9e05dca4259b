"""System checks for running in production (`manage.py check --deploy`, run by the web
container before gunicorn starts)."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def static_files_collected(app_configs=None, **kwargs):
    """With DEBUG=0 the manifest storage answers 500 on every page until collectstatic ran."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = staticfiles_storage.manifest_name
    if staticfiles_storage.exists(manifest):
        return []
    return [
        Error(
            f"Static files are not collected: {settings.STATIC_ROOT}/{manifest} is missing, "
            "so with DEBUG=0 every page would answer 500.",
            hint="Run `python manage.py collectstatic --noinput` (the Docker image does it "
            "when it is built) and start the server again.",
            id="core.E001",
        )
    ]
