"""The statistics' API route under /api/v1/ (included by thidua.api_urls): `statistics/`."""

from django.urls import path

from thidua.stats.api import StatisticsView

urlpatterns = [path("statistics/", StatisticsView.as_view(), name="api-statistics")]
