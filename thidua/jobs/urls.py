from django.urls import path

from thidua.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/download/", views.job_download, name="download"),
    path("<int:pk>/cancel/", views.job_cancel, name="cancel"),
]
