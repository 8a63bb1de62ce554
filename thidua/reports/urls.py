from django.urls import path

from thidua.reports import views

app_name = "reports"

urlpatterns = [
    path("blocks/<int:pk>/<int:year>/", views.year, name="year"),
    path("news/<int:pk>/", views.news_edit, name="news_edit"),
    path("news/<int:pk>/download.<str:fmt>", views.news_download, name="news_download"),
    path("blocks/<int:pk>/<int:year>/ranking.<str:fmt>", views.ranking_download, name="ranking_download"),
    path("blocks/<int:pk>/<int:year>/summary/", views.summary_save, name="summary_save"),
    path("blocks/<int:pk>/<int:year>/summary/status/", views.summary_status, name="summary_status"),
    path("blocks/<int:pk>/<int:year>/summary.docx", views.summary_download, name="summary_download"),
]
