"""The API docs (Swagger UI) in the reader's language: ``?lang=kk|ru|en`` sets the language of the
page and of the schema it loads (drf-spectacular passes ``lang`` on to the schema's URL); without
it, the language the portal remembers for the reader. Swagger UI's own buttons stay in English:
the library has no translations."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api_docs/swagger_ui.html"

    def dispatch(self, request, *args, **kwargs):
        language = request.GET.get("lang")
        if language not in dict(settings.LANGUAGES):
            return super().dispatch(request, *args, **kwargs)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # while the language is the one asked for
        return response
