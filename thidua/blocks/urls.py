from django.urls import path

from thidua.blocks import views

app_name = "blocks"
urlpatterns = [
    path("", views.block_list, name="block_list"),
    path("new/", views.block_create, name="block_create"),
    path("<int:pk>/", views.block_detail, name="block_detail"),
    path("<int:pk>/edit/", views.block_edit, name="block_edit"),
    path("<int:pk>/years/new/", views.block_year_edit, name="block_year_create"),
    path("<int:pk>/<int:year>/", views.block_year_detail, name="block_year_detail"),
    path("<int:pk>/<int:year>/edit/", views.block_year_edit, name="block_year_edit"),
    path("<int:pk>/<int:year>/flag/", views.flag_handover, name="flag_handover"),
]
