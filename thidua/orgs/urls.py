from django.urls import path

from thidua.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("new/", views.unit_create, name="unit_create"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/lineage/", views.lineage_add, name="lineage_add"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
]
