from __future__ import annotations

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from thidua.scoring.models import Reminder
from thidua.scoring.services.year import rules_for


def test_reminders_go_to_late_members_once_a_day(world, year) -> None:
    member = world.user("member")
    member.email = "thidua.snv@example.vn"
    member.save()
    rules = rules_for(world.block_year)
    rules.self_scoring_deadline = datetime.date(2024, 12, 10)
    rules.save()
    call_command("scoring_reminders", "--today", "01/12/2024")  # nine days before: nothing yet
    assert mail.outbox == []
    call_command("scoring_reminders", "--today", "08/12/2024")
    assert Reminder.objects.filter(sent_on=datetime.date(2024, 12, 8)).count() == 3  # every unsubmitted card
    assert len(mail.outbox) == 1  # only the member's officer has an e-mail address
    message = mail.outbox[0]
    assert message.to == ["thidua.snv@example.vn"]
    assert "10/12/2024" in message.subject and "tự chấm" in message.subject
    assert "Sở Nội vụ" in message.body
    call_command("scoring_reminders", "--today", "08/12/2024")  # the same day again: nothing more
    assert len(mail.outbox) == 1
    call_command("scoring_reminders", "--today", "11/12/2024")
    assert "đã qua" in mail.outbox[-1].body


def test_leader_sets_rules_and_deadlines_in_the_page(world, year, login) -> None:
    url = reverse("scoring:rules_save", args=[world.block.pk, 2024])
    data = {
        "final_method": "median",
        "justification_gap": "3",
        "self_scoring_deadline": "10/12/2024",
        "review_deadline": "",
        "explanation_deadline": "",
        "tie_break_text": "total, group:II, penalty",
        "band_text": "95 Xuất sắc\n85 Tốt\n0 Hoàn thành",
    }
    assert login(world.user("member")).post(url, data).status_code == 403
    assert login(world.user("leader")).post(url, data).status_code == 302
    rules = rules_for(world.block_year)
    assert rules.final_method == "median" and rules.self_scoring_deadline == datetime.date(2024, 12, 10)
    assert rules.reviewers_see_self_score is False  # an unticked box
    assert rules.tie_breaks == ["total", "group:II", "penalty"]
    assert rules.bands == [["95", "Xuất sắc"], ["85", "Tốt"], ["0", "Hoàn thành"]]
    data["tie_break_text"] = "total, votes"
    login(world.user("leader")).post(url, data)
    assert rules_for(world.block_year).tie_breaks == [
        "total",
        "group:II",
        "penalty",
    ]  # refused, unchanged
    page = (
        login(world.user("leader"))
        .get(reverse("scoring:overview", args=[world.block.pk, 2024]))
        .content.decode()
    )
    assert "quá hạn" in page  # 10/12/2024 has passed and no card is submitted
