"""WSGI entry point, served by gunicorn in `thidua serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
application = get_wsgi_application()
