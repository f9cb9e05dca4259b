FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . && DEBUG=0 SECRET_KEY=build VOTER_KEY_SECRET=build python manage.py collectstatic --noinput
RUN useradd -m civic && chown -R civic /app
USER civic
EXPOSE 8000
