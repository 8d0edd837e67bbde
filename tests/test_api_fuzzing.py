"""API fuzzing: schemathesis generates requests from /api/v1/schema/ and checks every answer.

For each operation of the schema, with a staff-scope key and with a mobility centre's key: no 5xx,
and every response (status, content type, headers, body) conforms to the schema. The requests go
to the WSGI application in this process, inside the test's transaction, so they see the fixtures.
The domain endpoints are covered as soon as they appear in the schema.

The schema is read when this module is collected (it is public: no database is needed for it), so
each API operation is a test of its own.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from astana_migration.wsgi import application
from kernel.accounts.services import api_key_create

# Bounded so that the whole API is fuzzed in reasonable time on two cores.
MAX_EXAMPLES = 25

CREDENTIALS = {
    "staff_key": "staff",
    "mobility_key": "settlements",
}

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Keep the portal from closing the test's database connection after each request (Django's own
    test client does the same): the test's transaction, and its fixtures, must survive."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=sorted(CREDENTIALS))
def api_credentials(request, reference_data):
    _key, raw = api_key_create(code=f"fuzz-{request.param.replace('_', '-')}", scope=CREDENTIALS[request.param])
    return {"Authorization": f"Api-Key {raw}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, api_credentials):
    # Not "positive data acceptance": a schema-valid value may still be out of the domain (a year
    # before 2000, a page past the end), and the API then answers a documented 400/404 with the
    # field named. Server errors and any answer the schema does not describe still fail.
    case.call_and_validate(headers=api_credentials, excluded_checks=[positive_data_acceptance])
