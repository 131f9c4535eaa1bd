# Gelingen for production: gunicorn behind your TLS proxy; see compose.yaml and README ("Running it for real").
FROM python:3.11-slim-bookworm

# Pango and HarfBuzz for WeasyPrint (PDF); PDFs bring their own font, so no font packages.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gelingen gelingen
COPY demo demo
COPY catalogues catalogues
COPY locale locale
COPY manage.py gunicorn.conf.py ./
COPY deploy deploy
# Editable, so the settings find catalogues/, locale/ and var/ under /app.
RUN pip install -e . \
    && useradd --system --uid 1000 --home /app gelingen \
    && mkdir -p /app/var/uploads /app/var/static /backups \
    && chown -R gelingen /app/var /backups
USER gelingen
EXPOSE 8000
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["gunicorn"]
