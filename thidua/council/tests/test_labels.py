"""Issue 15 item 2: the council's roles and session states are its own words, not a conference's."""

from __future__ import annotations

from django.utils import translation

from thidua.conferences.models import ConferenceStatus, PollStatus
from thidua.council.models import MemberRole, SessionStatus


def test_council_words_are_not_conference_words() -> None:
    with translation.override("vi"):
        assert str(MemberRole.CHAIR.label) == "Chủ tịch Hội đồng"
        assert str(MemberRole.VICE.label) == "Phó Chủ tịch Hội đồng"
        assert str(MemberRole.MEMBER.label) == "Ủy viên"
        assert str(MemberRole.SECRETARY.label) == "Thư ký Hội đồng"
        assert str(SessionStatus.DRAFT.label) == "Chuẩn bị họp"
        assert str(SessionStatus.OPEN.label) == "Đang họp"
        assert str(SessionStatus.CLOSED.label) == "Đã kết thúc"
        # The conference keeps its own words for the same English ones.
        assert str(PollStatus.OPEN.label) == "Đang bỏ phiếu"
        assert str(ConferenceStatus.CLOSED.label) == "Đã kết thúc"
