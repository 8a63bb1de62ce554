from django.urls import path

from thidua.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/template.xlsx", views.template, name="template"),
    path("<str:kind>/export.xlsx", views.export, name="export"),
    path("<str:kind>/import/", views.import_file, name="import"),
]
