from django.urls import path

from thidua.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.statistics_page, name="page"),
    path("export.xlsx", views.statistics_export, name="export"),
    path("report.docx", views.statistics_report, name="report"),
    path("province/", views.province_job, name="province_job"),
    path("forms/<int:pk>.xlsx", views.form_export, name="form_export"),
]
