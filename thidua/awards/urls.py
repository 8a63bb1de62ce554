from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalogue/add/", views.catalogue_entry, name="catalogue_add"),
    path("catalogue/<slug:code>/edit/", views.catalogue_entry, name="catalogue_edit"),
    path("people/<int:pk>/", views.person_history, name="person_history"),
    path("units/<int:pk>/", views.unit_history, name="unit_history"),
    path("<str:owner_kind>/<int:pk>/check/", views.check, name="check"),
    path("<str:owner_kind>/<int:pk>/add/<str:kind>/", views.add_record, name="add_record"),
    path("records/<str:kind>/<int:pk>/edit/", views.edit_record, name="edit_record"),
    path("records/<str:kind>/<int:pk>/delete/", views.delete_record, name="delete_record"),
    path("history/transfer/", views.history_transfer, name="history_transfer"),
    path("history/<str:what>", views.history_file, name="history_file"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/results.xlsx", views.batch_export, name="batch_export"),
]
