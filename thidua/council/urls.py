from django.urls import path

from thidua.council import views

app_name = "council"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("new/", views.council_create, name="council_create"),
    path("<int:pk>/", views.council, name="council"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/dossiers/", views.session_put, name="session_put"),
    path("sessions/<int:pk>/open/", views.session_open, name="session_open"),
    path("sessions/<int:pk>/counts/", views.session_counts, name="session_counts"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("sessions/<int:pk>/minutes.docx", views.session_minutes, name="session_minutes"),
]
