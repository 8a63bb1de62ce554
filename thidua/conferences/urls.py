from django.urls import path

from thidua.conferences.views import meeting, polls, report, voting

app_name = "conferences"
urlpatterns = [
    path("<int:pk>/<int:year>/", meeting.year, name="year"),
    path("<int:pk>/<int:year>/minutes/", meeting.recorded_minutes, name="recorded_minutes"),
    path("c/<int:pk>/", meeting.detail, name="detail"),
    path("c/<int:pk>/edit/", meeting.edit, name="edit"),
    path("c/<int:pk>/do/start/", meeting.start, name="start"),
    path("c/<int:pk>/do/close/", meeting.close, name="close"),
    path("c/<int:pk>/do/participant/", meeting.add_participant, name="add_participant"),
    path("c/<int:pk>/do/proxy/", meeting.add_proxy, name="add_proxy"),
    path("c/<int:pk>/do/remove_proxy/", meeting.remove_proxy, name="remove_proxy"),
    path("c/<int:pk>/do/poll/", meeting.add_poll, name="add_poll"),
    path("c/<int:pk>/do/proposal/", meeting.add_proposal, name="add_proposal"),
    path("c/<int:pk>/do/file/", meeting.add_file, name="add_file"),
    path("c/<int:pk>/links/", meeting.links, name="links"),
    path("c/<int:pk>/qr-sheet.pdf", meeting.qr_sheet, name="qr_sheet"),
    path("c/<int:pk>/minutes.docx", meeting.minutes, name="minutes"),
    path("c/<int:pk>/projector/", meeting.projector, name="projector"),
    path("c/<int:pk>/projector/live/", meeting.projector_live, name="projector_live"),
    path("c/<int:pk>/report/", report.report, name="report"),
    path("c/<int:pk>/report/do/<str:name>/", report.report_action, name="report_action"),
    path("participants/<int:pk>/do/check_in/", meeting.check_in, name="check_in"),
    path("participants/<int:pk>/do/undo_check_in/", meeting.undo_check_in, name="undo_check_in"),
    path("participants/<int:pk>/do/rename/", meeting.rename_participant, name="rename_participant"),
    path("participants/<int:pk>/do/revoke_link/", meeting.revoke_link, name="revoke_link"),
    path("participants/<int:pk>/do/remove/", meeting.remove_participant, name="remove_participant"),
    path("files/<int:pk>/", meeting.file_download, name="file"),
    path("minutes-scans/<int:pk>/", meeting.minutes_scan, name="minutes_scan"),
    path("files/<int:pk>/remove/", meeting.file_remove, name="file_remove"),
    path("proxies/<int:pk>/", meeting.proxy_file, name="proxy_file"),
    path("polls/<int:pk>/", polls.detail, name="poll"),
    path("polls/<int:pk>/do/open/", polls.open_, name="poll_open"),
    path("polls/<int:pk>/do/close/", polls.close, name="poll_close"),
    path("polls/<int:pk>/do/publish/", polls.publish, name="poll_publish"),
    path("polls/<int:pk>/do/void/", polls.void, name="poll_void"),
    path("polls/<int:pk>/do/settings/", polls.settings, name="poll_settings"),
    path("polls/<int:pk>/do/written/", polls.written, name="poll_written"),
    path("polls/<int:pk>/do/acclamation/", polls.acclamation, name="poll_acclamation"),
    path("polls/<int:pk>/do/paper/", polls.paper, name="poll_paper"),
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
