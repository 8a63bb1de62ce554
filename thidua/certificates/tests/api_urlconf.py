"""The site's routes with the certificates' API under /api/v1/, as thidua.api_urls includes it."""

from django.urls import include, path

from thidua.urls import urlpatterns as site

urlpatterns = [path("api/v1/", include("thidua.certificates.api_urls")), *site]
