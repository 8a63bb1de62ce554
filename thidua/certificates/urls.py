from django.urls import path

from thidua.certificates import views

app_name = "certificates"
urlpatterns = [
    path("layouts/", views.layout_list, name="layout_list"),
    path("layouts/defaults/", views.layout_defaults, name="layout_defaults"),
    path("layouts/<int:pk>/", views.layout_edit, name="layout_edit"),
    path("layouts/<int:pk>/preview/", views.layout_preview, name="layout_preview"),
    path("layouts/<int:pk>/preview.pdf", views.layout_preview_pdf, name="layout_preview_pdf"),
    path("layouts/<int:pk>/calibration.pdf", views.calibration_pdf, name="calibration_pdf"),
    path("printers/", views.printer_list, name="printer_list"),
    path("printers/<int:pk>/", views.printer_edit, name="printer_edit"),
    path("decisions/<int:pk>/print/", views.decision_print, name="decision_print"),
]
