"""The statistics' API routes under /api/v1/ (included by thidua.api_urls): `statistics/` and
`statistics/province-job/`."""

from django.urls import path

from thidua.stats.api import ProvinceJobView, StatisticsView

urlpatterns = [
    path("statistics/", StatisticsView.as_view(), name="api-statistics"),
    path("statistics/province-job/", ProvinceJobView.as_view(), name="api-statistics-province-job"),
]
