from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from thidua.conferences.urls import voting_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("thidua.web.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("units/", include("thidua.orgs.urls")),
    path("blocks/", include("thidua.blocks.urls")),
    path("scoring/", include("thidua.scoring.urls")),
    path("conferences/", include("thidua.conferences.urls")),
    path("", include((voting_urlpatterns, "conferences"), namespace="vote")),
    path("awards/", include("thidua.awards.urls")),
    path("proposals/", include("thidua.proposals.urls")),
    path("audit/", include("thidua.audit.urls")),
    path("jobs/", include("thidua.jobs.urls")),
    path("transfer/", include("thidua.transfer.urls")),
    path("documents/", include("thidua.documents.urls")),
    path("stats/", include("thidua.stats.urls")),
    path("reports/", include("thidua.reports.urls")),
    path("council/", include("thidua.council.urls")),
    path("notices/", include("thidua.notices.urls")),
    path("api/v1/", include("thidua.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static_url("favicon.svg"), permanent=True)),
    path("certificates/", include("thidua.certificates.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
