"""The WSGI application: Django's, behind the settlement list's polling gate
(``settlements.polling.PollingGate``), which answers a poll of a page this host has rendered, by a
key this process checked seconds ago, before Django's request handler; everything else goes to
Django unchanged.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
django_application = get_wsgi_application()

from settlements.polling import PollingGate  # noqa: E402 - after Django is set up

application = PollingGate(django_application)
