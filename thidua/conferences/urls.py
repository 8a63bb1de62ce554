from django.urls import path

from thidua.conferences.views import meeting, polls, report, voting

app_name = "conferences"
urlpatterns = [
    path("<int:pk>/<int:year>/", meeting.year, name="year"),
    path("<int:pk>/<int:year>/minutes/", meeting.recorded_minutes, name="recorded_minutes"),
    path("c/<int:pk>/", meeting.detail, name="detail"),
    path("c/<int:pk>/edit/", meeting.edit, name="edit"),
    path("c/<int:pk>/do/<str:name>/", meeting.action, name="action"),
    path("c/<int:pk>/links/", meeting.links, name="links"),
    path("c/<int:pk>/qr-sheet.pdf", meeting.qr_sheet, name="qr_sheet"),
    path("c/<int:pk>/minutes.docx", meeting.minutes, name="minutes"),
    path("c/<int:pk>/projector/", meeting.projector, name="projector"),
    path("c/<int:pk>/projector/live/", meeting.projector_live, name="projector_live"),
    path("c/<int:pk>/report/", report.report, name="report"),
    path("c/<int:pk>/report/do/<str:name>/", report.report_action, name="report_action"),
    path("participants/<int:pk>/do/<str:name>/", meeting.participant_action, name="participant_action"),
    path("files/<int:pk>/", meeting.file_download, name="file"),
    path("minutes-scans/<int:pk>/", meeting.minutes_scan, name="minutes_scan"),
    path("files/<int:pk>/remove/", meeting.file_remove, name="file_remove"),
    path("proxies/<int:pk>/", meeting.proxy_file, name="proxy_file"),
    path("polls/<int:pk>/", polls.detail, name="poll"),
    path("polls/<int:pk>/do/<str:name>/", polls.action, name="poll_action"),
    path("polls/<int:pk>/live/", polls.live, name="poll_live"),
    path("polls/<int:pk>/receipts/", polls.receipts, name="receipts"),
]

# The delegate's pages, without an account: short addresses for a QR code.
voting_urlpatterns = [
    path("v/<str:token>/", voting.vote_link, name="link"),
    path("v/", voting.vote, name="page"),
    path("vote/state/", voting.vote_state, name="state"),
    path("vote/<int:poll_pk>/", voting.cast, name="cast"),
    path("vote/check/", voting.receipt_check, name="check"),
    path("receipt/", voting.receipt_lookup, name="receipt"),
]
