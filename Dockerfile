# syntax=docker/dockerfile:1
# Stage 1: front-end assets (GOV.UK Frontend from npm, compiled with the product's own settings).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY static/scss static/scss
RUN npm run build

# Stage 2: the Python runtime that serves the app (gunicorn) or runs the worker and beat (celery).
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# Pango for WeasyPrint's PDFs; Liberation Sans is metric-compatible with Arial, the product's typeface.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 app
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=assets /app/node_modules/govuk-frontend/dist/govuk node_modules/govuk-frontend/dist/govuk
COPY --from=assets /app/static/build static/build
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown app:app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "governance.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
