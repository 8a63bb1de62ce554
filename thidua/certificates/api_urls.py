"""The certificates' API routes, under /api/v1/ (included by thidua.api_urls):
`certificate-layouts/`, `certificate-layouts/<id>/preview/`, `decisions/<id>/certificates/`."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from thidua.certificates.api import CertificateLayoutViewSet, DecisionCertificatesView

router = SimpleRouter()
router.register("certificate-layouts", CertificateLayoutViewSet, basename="certificatelayout")

urlpatterns = [
    *router.urls,
    path(
        "decisions/<int:pk>/certificates/",
        DecisionCertificatesView.as_view(),
        name="api-decision-certificates",
    ),
]
