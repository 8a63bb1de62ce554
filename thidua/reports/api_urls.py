"""The reports' API routes under /api/v1/ (included by thidua.api_urls): `summary-reports/`,
`summary-reports/<block year id>/`, `…/status/`, `…/docx/`."""

from rest_framework.routers import SimpleRouter

from thidua.reports.api import SummaryReportViewSet

router = SimpleRouter()
router.register("summary-reports", SummaryReportViewSet, basename="summaryreport")

urlpatterns = [*router.urls]
