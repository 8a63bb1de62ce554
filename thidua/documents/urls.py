from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("templates/<str:kind>/<str:style>/download/", views.template_download, name="template_download"),
    path("templates/<str:kind>/<str:style>/preview/", views.template_preview, name="template_preview"),
    path("templates/<str:kind>/<str:style>/upload/", views.template_upload, name="template_upload"),
    path("numbers/", views.number_register, name="number_register"),
]
