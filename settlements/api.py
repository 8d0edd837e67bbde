"""API of the settlements app (mounted under /api/v1/): what labour mobility centres pull.

``GET settlements/`` serves the current published version; ``settlement-lists/…`` every
published version, its items, its canonical document and the changes since another version.
Drafts and approved-but-unpublished versions are never visible here.

Pages are answered from JSON rendered once (item fragments frozen at publication, whole pages
stored by checksum and sent with sendfile); a client polling with a key this process has just
checked is answered before Django's handler by the polling gate (``settlements.polling``).
``ETag`` and ``Last-Modified`` come from the version's checksum and publication time plus the normalised query, so
``If-None-Match`` / ``If-Modified-Since`` are answered 304 before any list work.
"""

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.accounts.permissions import RoleAccess
from kernel.accounts.roles import ANALYST, DEPARTMENT_HEAD, DEPARTMENT_STAFF, MOBILITY_CENTRE
from kernel.validators import is_whole_number_text
from settlements import polling, selectors, serializers
from settlements.authentication import CachedApiKeyAuthentication
from settlements.errors import InvalidQuery, PageNotFound, VersionNotFound
from settlements.filters import SettlementListFilter
from settlements.models import Settlement

# Mobility centres' systems (settlements-scope keys) and people who may see the list.
SettlementReaders = RoleAccess.allow(
    read={"key:settlements", DEPARTMENT_STAFF, DEPARTMENT_HEAD, ANALYST, MOBILITY_CENTRE}
)

# Key lookups remembered for a few seconds per process (see settlements.authentication).
AUTHENTICATION = [CachedApiKeyAuthentication, SessionAuthentication]

ITEM_PARAMETERS = [
    OpenApiParameter("region", str, description=gettext_lazy("Region KATO code (9 digits).")),
    OpenApiParameter("district", str, description=gettext_lazy("District KATO code (9 digits).")),
    OpenApiParameter("rural_district", str, description=gettext_lazy("Rural district KATO code (9 digits).")),
    OpenApiParameter(
        "kind", str, enum=Settlement.Kind.values, description=gettext_lazy("Kind of settlement (rules p.7).")
    ),
    OpenApiParameter(
        "has_vacancies", bool, description=gettext_lazy("Only settlements with (true) or without (false) vacancies.")
    ),
    OpenApiParameter(
        "has_housing", bool, description=gettext_lazy("Only settlements with (true) or without (false) housing.")
    ),
    OpenApiParameter(
        "search", str, description=gettext_lazy("Part of the Kazakh or Russian name, or the start of a KATO code.")
    ),
    OpenApiParameter("page", int, description=gettext_lazy("Page number (1-based), or `last`.")),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1},
        description=gettext_lazy("Items per page (default 100); a larger number than 1000 gives 1000."),
    ),
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description=gettext_lazy("An ETag from an earlier answer: 304 if unchanged."),
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description=gettext_lazy("An HTTP date: 304 if not published since."),
    ),
]
PAGE_HEADERS = gettext_lazy(
    "A page of items. Headers: `ETag` (changes when a new version is published, or with the query), "
    "`Last-Modified` (when the version was published), `X-Settlement-List-Version`."
)
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("Invalid filter values (field errors).")),
    401: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("No or invalid credentials.")),
    403: OpenApiResponse(
        OpenApiTypes.OBJECT, description=gettext_lazy("The key's scope or the user's role does not allow it.")
    ),
    404: OpenApiResponse(
        OpenApiTypes.OBJECT, description=gettext_lazy("No such published version, or page out of range.")
    ),
}


def items_response(request, meta: selectors.ListMeta | None):
    if meta is None:
        return Response(selectors.empty_page(selectors.normalised_query(request.GET)))
    return polling.items_response(request, meta)


class SettlementsAPIView(APIView):
    """The settlements' reads answer their domain errors as the API's: 404 and field errors."""

    authentication_classes = AUTHENTICATION
    permission_classes = [SettlementReaders]

    def handle_exception(self, exc):
        if isinstance(exc, VersionNotFound | PageNotFound):
            exc = NotFound(str(exc))
        elif isinstance(exc, InvalidQuery):
            exc = ValidationError(exc.errors)
        return super().handle_exception(exc)


class CurrentSettlementsView(SettlementsAPIView):
    @extend_schema(
        operation_id="settlements_list",
        summary=gettext_lazy("Settlements of the current published list"),
        description=gettext_lazy(
            "Items of the newest published version of the settlement list (rules p.5, p.7), "
            "filtered and paginated. Send the `ETag` back in `If-None-Match` to get 304 while nothing changed. "
            "Before the first publication the list is empty."
        ),
        parameters=ITEM_PARAMETERS,
        responses={
            200: OpenApiResponse(serializers.SettlementItemPageSerializer, description=PAGE_HEADERS),
            304: OpenApiResponse(description=gettext_lazy("Not modified.")),
            **ERRORS,
        },
        tags=["settlements"],
    )
    def get(self, request):
        return items_response(request, selectors.current_list())


class SettlementListsView(generics.ListAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [SettlementReaders]
    serializer_class = serializers.SettlementListSerializer
    filterset_class = SettlementListFilter

    def get_queryset(self):
        return selectors.published_lists()

    @extend_schema(summary=gettext_lazy("Published versions of the settlement list"), tags=["settlements"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SettlementListDetailView(generics.RetrieveAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [SettlementReaders]
    serializer_class = serializers.SettlementListSerializer
    lookup_field = "version"

    def get_queryset(self):
        return selectors.published_lists()

    @extend_schema(
        summary=gettext_lazy("One published version"),
        tags=["settlements"],
        responses={200: serializers.SettlementListSerializer, **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SettlementListItemsView(SettlementsAPIView):
    @extend_schema(
        operation_id="settlement_lists_items",
        summary=gettext_lazy("Items of one published version"),
        parameters=ITEM_PARAMETERS,
        responses={
            200: serializers.SettlementItemPageSerializer,
            304: OpenApiResponse(description=gettext_lazy("Not modified.")),
            **ERRORS,
        },
        tags=["settlements"],
    )
    def get(self, request, version: int):
        return items_response(request, selectors.published_list(version))


class SettlementListDocumentView(SettlementsAPIView):
    @extend_schema(
        operation_id="settlement_lists_document",
        summary=gettext_lazy("The canonical JSON of one published version"),
        description=gettext_lazy(
            "Exactly the bytes sent to the Electronic Labour Exchange; their sha256 is the checksum."
        ),
        responses={200: OpenApiTypes.OBJECT, 304: OpenApiResponse(description=gettext_lazy("Not modified.")), **ERRORS},
        tags=["settlements"],
    )
    def get(self, request, version: int):
        meta = selectors.published_list(version)
        etag = f'"{meta.checksum}"'
        response = polling.conditional_response(request, meta, etag)
        if response is None:
            document = selectors.published_lists().filter(pk=meta.id).values_list("document", flat=True).get()
            response = HttpResponse(document.encode("utf-8"), content_type="application/json")
            for name, value in polling.validators(meta, etag).items():
                response[name] = value
        return response


class SettlementListChangesView(SettlementsAPIView):
    @extend_schema(
        operation_id="settlement_lists_changes",
        summary=gettext_lazy("What changed in a version since another"),
        parameters=[
            OpenApiParameter(
                "since",
                int,
                description=gettext_lazy("The published version to compare with (default: the previous one)."),
            )
        ],
        responses={200: serializers.SettlementListChangesSerializer, **ERRORS},
        tags=["settlements"],
    )
    def get(self, request, version: int):
        meta = selectors.published_list(version)
        since = request.query_params.get("since")
        if since in (None, ""):
            old = selectors.previous_published(meta)
            if old is None:
                raise NotFound(
                    _("Version %(version)s has no earlier published version to compare with.") % {"version": version}
                )
        elif not is_whole_number_text(since):
            raise ValidationError({"since": [_("A version number is required.")]})
        else:
            old = selectors.published_list(int(since))
        return Response(selectors.list_changes(meta, old))


urlpatterns = [
    path("settlements/", CurrentSettlementsView.as_view(), name="settlement-list"),
    path("settlement-lists/", SettlementListsView.as_view(), name="settlementlist-list"),
    path("settlement-lists/<int:version>/", SettlementListDetailView.as_view(), name="settlementlist-detail"),
    path("settlement-lists/<int:version>/items/", SettlementListItemsView.as_view(), name="settlementlist-items"),
    path(
        "settlement-lists/<int:version>/document/",
        SettlementListDocumentView.as_view(),
        name="settlementlist-document",
    ),
    path(
        "settlement-lists/<int:version>/changes/",
        SettlementListChangesView.as_view(),
        name="settlementlist-changes",
    ),
]
