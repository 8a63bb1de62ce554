from django.urls import path

from thidua.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="mark_read"),
]
