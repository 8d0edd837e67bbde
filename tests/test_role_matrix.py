"""The role matrix: every role × every URL of the portal, generated from the URL configuration.

The URLs are walked from ``get_resolver()`` (admin and API included), so a new endpoint cannot slip
through untested: a URL that no row of ``MATRIX`` covers fails ``test_every_url_has_a_row``.

How to extend it (one line per URL name pattern; the first row that matches wins):
- add a ``row(...)`` to ``MATRIX`` with the URL name (``fnmatch`` pattern, e.g.
  ``"admin:quotas_quota_*"`` or ``"api:quota-*"``; an unnamed pattern is matched by its route,
  e.g. ``"admin/*/<path:object_id>/"``) and one expected outcome per role, in the column order of
  ``ROLES``;
- outcomes: ``OK`` (2xx), ``MOVED`` (a redirect, not to the login page), ``LOGIN`` (302 to the admin
  login), ``E400``/``E401``/``E403``/``E404``/``E405``/``E409`` (that status), ``PENDING`` (not
  asserted yet: only with ``pending=True`` and a note saying who settles it);
- path parameters: admin ``object_id`` and DRF lookups are filled with a real object of the view's
  model (``OBJECT_MAKERS`` creates one where the fixtures leave none); anything else comes from
  ``PATH_PARAMS`` (by URL name, or ``"*"`` for every URL);
- a row may say ``method="POST"`` (sent with an empty JSON body) for endpoints that only write.

Whatever the table says, a view marked as showing personal data (``kernel.security.
personal_data``) must be denied to anonymous users, analysts and mobility-centre keys.
"""

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kernel.accounts.services import api_key_create
from kernel.audit.services import audit_record
from kernel.security.personal_data import is_personal_data_view
from tests import role_matrix_objects as objects

# Outcomes.
OK = "2xx"
MOVED = "3xx"
LOGIN = "login"
E400, E401, E403, E404, E405, E409 = "400", "401", "403", "404", "405", "409"
PENDING = "pending"
DENIED = {LOGIN, E401, E403, E404}

ROLES = ("anonymous", "department_staff", "department_head", "analyst", "mobility_key", "staff_key")


@dataclass(frozen=True)
class Row:
    pattern: str
    expected: dict[str, str]
    method: str = "GET"
    pending: bool = False
    note: str = ""


def row(pattern, anonymous, staff, head, analyst, mobility_key, staff_key, *, method="GET", pending=False, note=""):
    cells = (anonymous, staff, head, analyst, mobility_key, staff_key)
    if PENDING in cells and not (pending and note):
        raise ValueError(f"{pattern}: a PENDING cell needs pending=True and a note saying who settles it")
    return Row(pattern, dict(zip(ROLES, cells, strict=True)), method, pending, note)


STAFF_ONLY = (LOGIN, OK, OK, OK, LOGIN, LOGIN)  # any staff account, keys are nobody in the admin

# fmt: off
MATRIX = [
    #   URL name (fnmatch) or unnamed route               anonymous staff    head     analyst  mc key   staff key
    # --- project pages -------------------------------------------------------------------------------------------
    row("index",                                          MOVED,    MOVED,   MOVED,   MOVED,   MOVED,   MOVED),
    row("health",                                         OK,       OK,      OK,      OK,      OK,      OK),
    row("set_language",                                   MOVED,    MOVED,   MOVED,   MOVED,   MOVED,   MOVED),
    # --- API ------------------------------------------------------------------------------------------------------
    row("api:root",                                       E401,     OK,      OK,      OK,      OK,      OK),
    row("api:schema",                                     OK,       OK,      OK,      OK,      OK,      OK),
    row("api:docs",                                       OK,       OK,      OK,      OK,      OK,      OK),
    # --- admin site ---------------------------------------------------------------------------------------------
    row("admin:index",                                    *STAFF_ONLY),
    row("admin:login",                                    OK,       MOVED,   MOVED,   MOVED,   OK,      OK),
    row("admin:logout",                                   MOVED,    E405,    E405,    E405,    MOVED,   MOVED,
        note="logging out is a POST; a GET is refused (anonymous: sent to the index)"),
    row("admin:password_change",                          *STAFF_ONLY),
    row("admin:password_change_done",                     *STAFF_ONLY),
    row("admin:jsi18n",                                   *STAFF_ONLY),
    row("admin:autocomplete",                             LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="without a field to complete, refused before any lookup"),
    row("admin:view_on_site",                             LOGIN,    E404,    E404,    E404,    LOGIN,   LOGIN,
        note="no kernel model has a public page"),
    row("admin:app_list",                                 *STAFF_ONLY),  # app_label=territory
    # Territory reference: everyone on staff reads it, nobody edits it in the admin.
    row("admin:territory_*_changelist",                   *STAFF_ONLY),
    row("admin:territory_*_change",                       *STAFF_ONLY),
    row("admin:territory_*_history",                      *STAFF_ONLY),
    row("admin:territory_*_add",                          LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:territory_*_delete",                       LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    # Audit trail: the head reads it; nobody writes it by hand.
    row("admin:audit_auditentry_changelist",              LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:audit_auditentry_change",                  LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:audit_auditentry_history",                 LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:audit_auditentry_add",                     LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:audit_auditentry_delete",                  LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    # API keys: the head sees and revokes them; keys are created with manage.py create_api_key only.
    row("admin:accounts_apikey_changelist",               LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:accounts_apikey_change",                   LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:accounts_apikey_history",                  LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN),
    row("admin:accounts_apikey_add",                      LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:accounts_apikey_delete",                   LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    # Users and groups: superusers (operators) only.
    row("admin:auth_*",                                   LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    # Quotas (issue 3): staff and the head keep them; analysts read quotas and their history, never
    # the admitted families; keys: staff scope like staff, settlements scope nothing.
    row("api:quota-list",                                 E401,     OK,      OK,      OK,      E403,    OK),
    row("api:quota-fill",                                 E401,     OK,      OK,      OK,      E403,    OK),
    row("api:quota-detail",                               E401,     OK,      OK,      OK,      E403,    OK),
    row("api:quota-admissions",                           E401,     OK,      OK,      OK,      E403,    OK,
        note="analysts get the families without heads or members (no personal data)"),
    row("api:admission-detail",                           E401,     OK,      OK,      OK,      E403,    OK),
    row("api:admission-cancel",                           E401,     OK,      OK,      E403,    E403,    OK,
        method="POST", note="cancelling twice is harmless, so every allowed role gets 200"),
    row("admin:quotas_quota_changelist",                  *STAFF_ONLY),
    row("admin:quotas_quota_change",                      *STAFF_ONLY),
    row("admin:quotas_quota_history",                     *STAFF_ONLY),
    row("admin:quotas_quota_add",                         LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:quotas_quota_change_limits",               LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:quotas_quota_delete",                      LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="a quota is closed, never deleted"),
    row("admin:quotas_quotalimitchange_changelist",       *STAFF_ONLY),
    row("admin:quotas_quotalimitchange_change",           *STAFF_ONLY),
    row("admin:quotas_quotalimitchange_history",          *STAFF_ONLY),
    row("admin:quotas_quotalimitchange_add",              LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:quotas_quotalimitchange_delete",           LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:quotas_admission_delete",                  LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="an admission is cancelled, never deleted"),
    row("admin:quotas_fillreport_delete",                 LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="a fill report is kept as ordered"),
    row("admin:quotas_fillreport_*",                      *STAFF_ONLY,
        note="staff, the head and analysts order the fill report for the ministry and take its file"),
    row("admin:quotas_admission_*",                       LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN,
        note="admitted families are personal data: never for analysts"),
    # Settlement list (issue 4): mobility centres read the published list by key; staff keep the
    # settlements and recipients; the head approves and publishes; analysts read, never deliveries.
    row("api:settlement-list",                            E401,     OK,      OK,      OK,      OK,      E403),
    row("api:settlementlist-*",                           E401,     OK,      OK,      OK,      OK,      E403),
    row("admin:settlements_*_delete",                     LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="settlements are taken off the list, recipients deactivated; nothing is deleted"),
    row("admin:settlements_settlementlistitem_add",       LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="items come from the settlements, never typed in"),
    row("admin:settlements_delivery_add",                 LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:settlements_delivery_*",                   LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:settlements_recipient_*",                  LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN,
        note="recipients' e-mails and webhook secrets are not for analysts"),
    row("admin:settlements_*_add",                        LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:settlements_*",                            *STAFF_ONLY),
    # Monitoring (issue 6): staff enter statistics and keep the measure plans; analysts read everything
    # (no personal data there) and order reports; keys get nothing. The catalogue, alerts, plans and
    # forecasts are made by the system; nothing is deleted.
    row("api:indicator-list",                             E401,     OK,      OK,      OK,      E403,    E403),
    row("api:value-list",                                 E401,     OK,      OK,      OK,      E403,    E403),
    row("api:alert-list",                                 E401,     OK,      OK,      OK,      E403,    E403),
    row("api:forecast-list",                              E401,     OK,      OK,      OK,      E403,    E403),
    row("admin:monitoring_*_delete",                      LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:monitoring_indicatorvalue_add",            LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:monitoring_naturalincrease_add",           LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:monitoring_facilitycapacity_add",          LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN,
        note="staff enter the existing capacity beside the p.8 forecast"),
    row("admin:monitoring_report_add",                    *STAFF_ONLY, note="analysts order reports"),
    row("admin:monitoring_*_add",                         LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN,
        note="the catalogue ships with the code; alerts, plans and forecasts are raised by the system"),
    row("admin:monitoring_dashboard_recompute",           LOGIN,    MOVED,   MOVED,   E403,    LOGIN,   LOGIN,
        method="POST", note="staff recompute (back to the dashboard); a GET is refused with 405"),
    row("admin:monitoring_report_download",               *STAFF_ONLY,
        note="the report here is the analyst's own; staff and the head may take any"),
    row("admin:monitoring_*",                             *STAFF_ONLY),
    # Proposals (issue 7): staff draft, send and record decisions; the head approves; analysts read
    # them and their letters; keys get nothing. A proposal is withdrawn, never deleted.
    row("api:proposal-*",                                 E401,     OK,      OK,      OK,      E403,    E403),
    row("admin:proposals_proposal_delete",                LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:proposals_proposal_add",                   LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:proposals_proposal_suggest",               LOGIN,    MOVED,   MOVED,   E403,    LOGIN,   LOGIN,
        method="POST", note="drafting the suggested proposals now (back to the list); a GET is refused"),
    row("admin:proposals_proposal_transition",            LOGIN,    E403,    OK,      E403,    LOGIN,   LOGIN,
        note="action=approve: only the head approves"),
    row("admin:proposals_proposal_*",                     *STAFF_ONLY),
    # Registration records hold personal data: never for analysts (rules: reports without personal data).
    # Registration records (issue 5): staff and the head keep the register and import files;
    # analysts see records de-identified (no IIN, document, name, birth date or address), never
    # imports (their error reports quote the rows); nobody deletes a record.
    row("admin:registration_registrationrecord_delete",   LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:registration_registrationrecord_add",      LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    row("admin:registration_registrationrecord_search",   LOGIN,    MOVED,   MOVED,   E403,    LOGIN,   LOGIN,
        method="POST", note="a POST form held in the session: an IIN never goes into a URL"),
    row("admin:registration_registrationrecord_*",        *STAFF_ONLY,
        note="analysts get the de-identified list and record page"),
    row("admin:registration_importbatch_delete",          LOGIN,    E403,    E403,    E403,    LOGIN,   LOGIN),
    row("admin:registration_importbatch_*",               LOGIN,    OK,      OK,      E403,    LOGIN,   LOGIN),
    # Unnamed admin patterns: the old change URL redirects to the new one; the catch-all answers 404.
    row("admin/*/<path:object_id>/",                      LOGIN,    MOVED,   MOVED,   MOVED,   LOGIN,   LOGIN),
    row("admin/(?P<url>.*)$",                             LOGIN,    E404,    E404,    E404,    LOGIN,   LOGIN),
]
# fmt: on

OBJECT_VIEWS = ("change", "history", "delete")

# Path parameters that cannot be derived from a view's model: by URL name, or "*" for any URL.
PATH_PARAMS: dict[str, dict[str, Callable[[], object] | object]] = {
    "*": {"format": "json"},
    "admin:app_list": {"app_label": "territory"},
    "admin:view_on_site": {
        "content_type_id": lambda: ContentType.objects.get(app_label="territory", model="region").pk,
        "object_id": lambda: _first_pk("territory.Region"),
    },
    "admin:auth_user_password_change": {"id": lambda: _first_pk("auth.User")},
    "admin/(?P<url>.*)$": {"url": "no-such-page/"},
    "admin:registration_importbatch_template": {"fmt": "csv"},
    "admin:registration_importbatch_report": {"fmt": "csv"},
    "api:settlementlist-detail": {"version": objects.published_version},
    "api:settlementlist-items": {"version": objects.published_version},
    "api:settlementlist-document": {"version": objects.published_version},
    "api:settlementlist-changes": {"version": objects.version_with_a_predecessor},
    # The admin pages of values and of natural increase show one kind of value each: take one of it.
    **{f"admin:monitoring_indicatorvalue_{view}": {"object_id": objects.entered_value_pk} for view in OBJECT_VIEWS},
    **{f"admin:monitoring_naturalincrease_{view}": {"object_id": objects.natural_increase_pk} for view in OBJECT_VIEWS},
    "admin:proposals_proposal_transition": {"action": "approve"},
    "admin:proposals_proposal_letter": {"language": "kk"},
}

# The model behind views the walk cannot read it from (API views that build their queryset in
# get_queryset(), admin views an app adds in get_urls()) or reads wrongly (a nested list whose
# class names the items' model, while its path names the parent): by URL name pattern, first.
VIEW_MODELS = {
    "api:quota-*": "quotas.Quota",
    "api:admission-*": "quotas.Admission",
    "admin:quotas_quota_*": "quotas.Quota",
    "admin:quotas_admission_*": "quotas.Admission",
    "admin:quotas_fillreport_*": "quotas.FillReport",
    "admin:settlements_settlementlist_*": "settlements.SettlementList",
    "admin:registration_importbatch_*": "registration.ImportBatch",
    "admin:monitoring_report_*": "monitoring.Report",
    "api:proposal-*": "proposals.Proposal",
    "admin:proposals_proposal_*": "proposals.Proposal",
}


# Makers of one object for models the fixtures leave empty ("app_label.Model": callable).
OBJECT_MAKERS: dict[str, Callable[[], object]] = {
    "audit.AuditEntry": lambda: audit_record(by=None, action="create", note="role matrix"),
    "quotas.Quota": objects.make_quota,
    "quotas.Admission": objects.make_admission,
    "quotas.FillReport": objects.make_fill_report,
    "settlements.Settlement": objects.make_settlement,
    "registration.RegistrationRecord": objects.make_registration_record,
    "registration.ImportBatch": objects.make_import_batch,
    "settlements.Recipient": objects.make_recipient,
    "settlements.SettlementList": objects.published_version,
    "settlements.SettlementListItem": objects.published_version,
    "settlements.Delivery": objects.published_version,
    "monitoring.IndicatorValue": objects.make_indicator_value,
    "monitoring.OutflowAlert": objects.make_outflow_alert,
    "monitoring.MeasurePlan": objects.make_outflow_alert,
    "monitoring.Forecast": objects.make_forecast,
    "monitoring.FacilityCapacity": objects.make_facility_capacity,
    "monitoring.Report": objects.make_report,
    "proposals.Proposal": objects.make_proposal,
}

GENERATED_ID = "999999"  # for a model that has no object and no maker


def _first_pk(label):
    from django.apps import apps

    obj = apps.get_model(label)._default_manager.order_by("pk").first()
    return obj.pk if obj is not None else None


# --- walking the URL configuration ---------------------------------------------------------------------------------


@dataclass
class Endpoint:
    ident: str  # the URL name with namespaces, or the route of an unnamed pattern
    route: str
    pattern: URLPattern
    params: tuple = ()  # path parameters of the whole route, the included prefixes' too

    @property
    def callback(self):
        return self.pattern.callback


def _walk(patterns, prefix="", namespaces=(), params=()):
    for p in patterns:
        own = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = namespaces + ((p.namespace,) if p.namespace else ())
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, params + own)
        else:
            route = prefix + str(p.pattern)
            ident = ":".join((*namespaces, p.name)) if p.name else route
            yield Endpoint(ident=ident, route=route, pattern=p, params=params + own)


def endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns))


def row_for(ident: str) -> Row | None:
    return next((r for r in MATRIX if fnmatchcase(ident, r.pattern)), None)


def _model_of(callback):
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model, "object_id", "pk"
    view_class = getattr(callback, "cls", None)
    queryset = getattr(view_class, "queryset", None)
    lookup_field = getattr(view_class, "lookup_field", "pk")
    kwarg = getattr(view_class, "lookup_url_kwarg", None) or lookup_field
    if queryset is not None:
        return queryset.model, kwarg, lookup_field
    return None, kwarg, lookup_field


def _object_value(model, lookup_field):
    label = model._meta.label
    obj = model._default_manager.order_by("pk").first()
    if obj is None and label in OBJECT_MAKERS:
        OBJECT_MAKERS[label]()
        obj = model._default_manager.order_by("pk").first()
    return GENERATED_ID if obj is None else getattr(obj, lookup_field)


def _kwargs_for(endpoint: Endpoint) -> dict:
    """A value for each path parameter: by URL name in PATH_PARAMS, else a real object of the view's
    model, else PATH_PARAMS["*"]."""
    by_name = PATH_PARAMS.get(endpoint.ident, {})
    model, model_kwarg, lookup_field = _model_of(endpoint.callback)
    label = next((m for pattern, m in VIEW_MODELS.items() if fnmatchcase(endpoint.ident, pattern)), None)
    if label is not None:
        from django.apps import apps

        model = apps.get_model(label)
    kwargs = {}
    for name in endpoint.params:
        if name in by_name:
            value = by_name[name]
        elif model is not None and name in (model_kwarg, "pk", "object_id"):
            value = _object_value(model, lookup_field)
        elif name in PATH_PARAMS["*"]:
            value = PATH_PARAMS["*"][name]
        else:
            raise LookupError(f"{endpoint.ident}: no value for path parameter {name!r}; add it to PATH_PARAMS")
        kwargs[name] = value() if callable(value) else value
    return kwargs


def _url_for(endpoint: Endpoint) -> str:
    kwargs = _kwargs_for(endpoint)
    if endpoint.pattern.name:
        return reverse(endpoint.ident, kwargs=kwargs or None)
    # An unnamed pattern: fill its route by hand.
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), endpoint.route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    return "/" + route.replace("^", "").replace("$", "")


# --- the tests -----------------------------------------------------------------------------------------------------


def test_every_url_has_a_row():
    missing = sorted({e.ident for e in endpoints() if row_for(e.ident) is None})
    assert not missing, (
        "URL patterns the role matrix does not cover (add a row to MATRIX in tests/test_role_matrix.py):\n  "
        + "\n  ".join(missing)
    )


def test_every_row_covers_a_url():
    idents = {e.ident for e in endpoints()}
    stale = [r.pattern for r in MATRIX if not r.pending and not any(fnmatchcase(i, r.pattern) for i in idents)]
    assert not stale, f"rows matching no URL (a typo, or the URL is gone): {stale}"


@pytest.fixture
def role_clients(reference_data, staff_user, head_user, analyst_user):
    _key, mobility_raw = api_key_create(code="matrix-mc", scope="settlements")
    _key, staff_raw = api_key_create(code="matrix-cc", scope="staff")
    clients = {
        "anonymous": Client(),
        "mobility_key": Client(HTTP_AUTHORIZATION=f"Api-Key {mobility_raw}"),
        "staff_key": Client(HTTP_AUTHORIZATION=f"Api-Key {staff_raw}"),
    }
    for role, user in (("department_staff", staff_user), ("department_head", head_user), ("analyst", analyst_user)):
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def _outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return OK
    if 300 <= status < 400:
        return LOGIN if urlsplit(response["Location"]).path == reverse("admin:login") else MOVED
    return str(status)


def matrix_failures(role: str, client: Client) -> tuple[int, list[str]]:
    """Request every URL as ``role``; the number checked and each disagreement with the matrix."""
    failures = []
    checked = 0
    for endpoint in endpoints():
        entry = row_for(endpoint.ident)
        if entry is None:
            failures.append(f"{endpoint.ident}: no row in MATRIX")
            continue
        url = _url_for(endpoint)
        if entry.method == "POST":
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = client.generic(entry.method, url)
        actual = _outcome(response)
        expected = entry.expected[role]
        personal = is_personal_data_view(endpoint.callback)
        if personal and role in ("anonymous", "analyst", "mobility_key") and actual not in DENIED:
            failures.append(f"{endpoint.ident} {entry.method} {url}: shows personal data to {role} ({actual})")
        elif expected != PENDING and actual != expected:
            failures.append(f"{endpoint.ident} {entry.method} {url}: expected {expected}, got {actual}")
        checked += 1
    return checked, failures


@pytest.mark.parametrize("role", ROLES)
def test_the_role_matrix_holds(role, role_clients):
    checked, failures = matrix_failures(role, role_clients[role])
    assert checked > 50  # the kernel alone has this many; a broken walk must not pass quietly
    assert not failures, f"role {role}: {len(failures)} URLs disagree with the matrix:\n  " + "\n  ".join(failures)


# --- the matrix checks itself: a probe URLconf with a new endpoint and a leaky personal-data view -------------------


@pytest.mark.urls("tests.role_matrix_probe_urls")
def test_a_new_endpoint_without_a_row_is_named():
    missing = {e.ident for e in endpoints() if row_for(e.ident) is None}
    assert missing == {"probe-new", "probe-personal", "probe-region-list", "probe-region-detail"}


@pytest.mark.urls("tests.role_matrix_probe_urls")
def test_a_viewsets_lookup_is_filled_with_a_real_object_and_the_prefix_from_path_params(reference_data, monkeypatch):
    from kernel.territory.models import Region

    monkeypatch.setitem(PATH_PARAMS, "*", {**PATH_PARAMS["*"], "year": "2026"})
    detail = next(e for e in endpoints() if e.ident == "probe-region-detail")
    assert _url_for(detail) == f"/probe/2026/regions/{Region.objects.order_by('pk').first().kato}/"


@pytest.mark.urls("tests.role_matrix_probe_urls")
def test_personal_data_shown_to_an_analyst_fails_whatever_the_table_says(role_clients, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "MATRIX", [row("probe-*", OK, OK, OK, OK, OK, OK), *MATRIX])
    monkeypatch.setitem(PATH_PARAMS, "*", {**PATH_PARAMS["*"], "year": "2026"})
    _checked, failures = matrix_failures("analyst", role_clients["analyst"])
    assert failures == ["probe-personal GET /probe/personal/: shows personal data to analyst (2xx)"]
