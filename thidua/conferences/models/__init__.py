"""Conferences of a block year (trù bị, tổng kết, ký kết giao ước, phiên họp hội đồng), their roll and
proxies, the draft summary report with members' comments, and polls with secret ballots.

Secret ballots (voting-scoring.md C3, A4; issue 11, docs/security.md): who voted (`Participation`)
and what was voted are kept so that no copy of the database can join them. While a poll is open its
ballots live in one sealed `BallotBox` row (no row per ballot, hence no insertion order to match
against the who-voted rows); closing writes them, in random order and split into one row per vote,
to `Ballot` (choice only), and their receipt hashes, sorted, to `Receipt` (no choice). A second
ballot from the same voter is refused by the unique constraint on `Participation(poll, voter)`.

One module per domain (as the services): `meeting`, `roll`, `report`, `polls`, `ballots`, `outcomes`;
every model and choice is re-exported here, so `from thidua.conferences.models import Poll` and the
migrations' references keep working.
"""

from __future__ import annotations

from thidua.conferences.models.ballots import (
    Ballot,
    BallotBox,
    Participation,
    Receipt,
    WrittenOpinion,
    written_opinion_path,
)
from thidua.conferences.models.meeting import (
    ComparisonChoice,
    Conference,
    ConferenceKind,
    ConferenceStatus,
)
from thidua.conferences.models.outcomes import (
    AwardCandidate,
    MinutesScan,
    RecordedCount,
    RecordedMinutes,
    minutes_scan_path,
)
from thidua.conferences.models.polls import (
    SELECT_KINDS,
    Poll,
    PollKind,
    PollMode,
    PollOption,
    PollStatus,
    ThresholdBase,
    TieBreak,
    YesAnswers,
    poll_kind_choices,
    poll_kind_label,
)
from thidua.conferences.models.report import (
    CommentStatus,
    ConferenceFile,
    FileKind,
    ReportComment,
    ReportSection,
    conference_file_path,
)
from thidua.conferences.models.roll import (
    Participant,
    ParticipantKind,
    Proxy,
    authorisation_path,
)

__all__ = [
    "SELECT_KINDS",
    "AwardCandidate",
    "Ballot",
    "BallotBox",
    "CommentStatus",
    "ComparisonChoice",
    "Conference",
    "ConferenceFile",
    "ConferenceKind",
    "ConferenceStatus",
    "FileKind",
    "MinutesScan",
    "Participant",
    "ParticipantKind",
    "Participation",
    "Poll",
    "PollKind",
    "PollMode",
    "PollOption",
    "PollStatus",
    "Proxy",
    "Receipt",
    "RecordedCount",
    "RecordedMinutes",
    "ReportComment",
    "ReportSection",
    "ThresholdBase",
    "TieBreak",
    "WrittenOpinion",
    "YesAnswers",
    "authorisation_path",
    "conference_file_path",
    "minutes_scan_path",
    "poll_kind_choices",
    "poll_kind_label",
    "written_opinion_path",
]
