"""The audit actions of conferences (registered with the audit log in `apps.py`): every `record()` of
the app names one of these (a test keeps it so), and the audit log shows its sentence. The values are
the stored actions the audit log, `docs/security.md` and the tests read: never change one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConferenceAction(models.TextChoices):
    CONFERENCE_CREATE = "conference.create", _("Convened a conference")
    CONFERENCE_UPDATE = "conference.update", _("Changed a conference")
    CONFERENCE_START = "conference.start", _("Opened a conference")
    CONFERENCE_CLOSE = "conference.close", _("Closed a conference")
    CONFERENCE_CLOSE_UNRUN = "conference.close_unrun", _("Closed a conference held outside the system")
    CONFERENCE_QR_SHEET = "conference.qr_sheet", _("Printed the sheet of voting QR codes")
    CONFERENCE_FILE = "conference.file", _("Attached a file to a conference")
    CONFERENCE_FILE_REMOVE = "conference.file_remove", _("Removed a file from a conference")
    CONFERENCE_REPORT = "conference.report", _("Generated the conference report")
    REPORT_SECTION = "report.section", _("Changed a section of the conference report")
    REPORT_SECTION_ADD = "report.section_add", _("Added a section to the conference report")
    REPORT_COMMENT = "report.comment", _("Commented on the conference report")
    REPORT_ANSWER = "report.answer", _("Answered a comment on the conference report")
    PARTICIPANT_CREATE = "participant.create", _("Added a participant to the roll")
    PARTICIPANT_UPDATE = "participant.update", _("Changed a participant on the roll")
    PARTICIPANT_DELETE = "participant.delete", _("Removed a participant from the roll")
    PARTICIPANT_CHECK_IN = "participant.check_in", _("Checked a participant in")
    PARTICIPANT_CHECK_IN_UNDO = "participant.check_in_undo", _("Undid a participant's check-in")
    PARTICIPANT_LINK_ISSUE = "participant.link_issue", _("Issued a voting link")
    PARTICIPANT_LINK_REVOKE = "participant.link_revoke", _("Revoked a voting link")
    PROXY_CREATE = "proxy.create", _("Recorded a proxy")
    PROXY_DELETE = "proxy.delete", _("Removed a proxy")
    POLL_CREATE = "poll.create", _("Created a poll")
    POLL_UPDATE = "poll.update", _("Changed a poll")
    POLL_OPTIONS = "poll.options", _("Set the options of a poll")
    POLL_PROPOSAL = "poll.proposal", _("Put a proposal to a poll")
    POLL_OPTION_REMOVE = "poll.option_remove", _("Removed an option from a poll")
    POLL_CANDIDATES = "poll.candidates", _("Put the candidates of an election to the vote")
    POLL_OPEN = "poll.open", _("Opened a poll")
    POLL_WRITTEN_OPINION = "poll.written_opinion", _("Recorded a written opinion")
    POLL_CLOSE = "poll.close", _("Closed a poll")
    POLL_PAPER_RESULT = "poll.paper_result", _("Entered the counts of a paper ballot")
    POLL_ACCLAMATION = "poll.acclamation", _("Recorded a vote by acclamation")
    POLL_PUBLISH = "poll.publish", _("Published the result of a poll")
    POLL_VOID = "poll.void", _("Voided a poll")
    MINUTES_RECORD = "minutes.record", _("Recorded the minutes of a conference held outside the system")
    MINUTES_SCAN = "minutes.scan", _("Attached a scan of the minutes")
