# The image of docker-compose.yml's web, worker, beat and backup services.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    MEDIA_ROOT=/srv/uploads STATIC_ROOT=/srv/static BACKUP_DIR=/backups
# pg_dump/pg_restore for the backup service; 15, the version of the compose database
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=0 SECRET_KEY=build VOTER_KEY_SECRET=build python manage.py collectstatic --noinput -v0
# the volumes mounted here start as copies of these folders, owned by the app's user
RUN useradd -m civic && mkdir -p /srv/uploads /backups \
    && chown -R civic /app /srv/uploads /srv/static /backups
USER civic
EXPOSE 8000
