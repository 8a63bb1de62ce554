from django.urls import path

from thidua.transfer import views

app_name = "transfer"
urlpatterns = [path("", views.index, name="index")]
