from django.urls import path

from thidua.reports import views

app_name = "reports"

urlpatterns = [
    path("blocks/<int:pk>/<int:year>/", views.year, name="year"),
    path("news/<int:pk>/", views.news_edit, name="news_edit"),
    path("news/<int:pk>/reset/", views.news_reset, name="news_reset"),
    path("news/<int:pk>/download.<str:fmt>", views.news_download, name="news_download"),
    path("blocks/<int:pk>/<int:year>/ranking.<str:fmt>", views.ranking_download, name="ranking_download"),
    path("blocks/<int:pk>/<int:year>/summary/", views.summary_save, name="summary_save"),
    path("blocks/<int:pk>/<int:year>/summary/send/", views.summary_send, name="summary_send"),
    path("blocks/<int:pk>/<int:year>/summary/draft/", views.summary_draft, name="summary_draft"),
    path("blocks/<int:pk>/<int:year>/summary/issue/", views.summary_issue, name="summary_issue"),
    path("blocks/<int:pk>/<int:year>/summary.docx", views.summary_download, name="summary_download"),
]
