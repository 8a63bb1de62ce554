from django.urls import path

from thidua.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.dossier_create, name="dossier_create"),
    path("blocks/<int:pk>/<int:year>/", views.block_year, name="block_year"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/remove/", views.line_remove, name="line_remove"),
    path("lines/<int:pk>/appraise/", views.line_appraise, name="line_appraise"),
    path("<int:pk>/papers/add/", views.attachment_add, name="attachment_add"),
    path("papers/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("papers/<int:pk>/replace/", views.attachment_replace, name="attachment_replace"),
    path("papers/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/receive/", views.receive, name="receive"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/council/", views.send_to_council, name="send_to_council"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/paper.docx", views.dossier_paper, name="dossier_paper"),
    path("<int:pk>/decide/", views.decision_create, name="decision_create"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/external/", views.decision_external, name="decision_external"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/paper.docx", views.decision_paper, name="decision_paper"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/cancel/", views.decision_cancel, name="decision_cancel"),
    path("fund/", views.fund, name="fund"),
    path("fund/export.xlsx", views.fund_export, name="fund_export"),
    path("calendar/", views.calendar, name="calendar"),
]
