"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""

from mooc import create_app

app = create_app()
