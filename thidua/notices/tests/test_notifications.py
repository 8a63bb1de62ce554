"""In-app notifications beside the e-mail reminders, the bell and the list page (issue 15 item 5)."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.notices.models import Notification
from thidua.scoring.services.year import rules_for
from thidua.testing import make_user


def test_each_reminder_becomes_a_notification_for_the_unit_officers(world, year) -> None:
    member = world.user("member")
    member.email = "thidua.snv@example.vn"
    member.save()
    second = make_user("member2", Role.UNIT_OFFICER, world.member_unit)  # no e-mail address
    gone = make_user("member3", Role.UNIT_OFFICER, world.member_unit)
    gone.is_active = False
    gone.save()
    rules = rules_for(world.block_year)
    rules.self_scoring_deadline = datetime.date(2024, 12, 10)
    rules.save()
    call_command("scoring_reminders", "--today", "08/12/2024")
    assert len(mail.outbox) == 1
    mine = Notification.objects.filter(user=member)
    assert mine.count() == 1
    text = mine.get().text
    assert (
        "Khối A tổng hợp 2024" in text and "tự chấm" in text and "10/12/2024" in text and "Sở Nội vụ" in text
    )
    assert mine.get().url == reverse("scoring:overview", args=[world.block.pk, 2024])
    assert Notification.objects.filter(user=second).count() == 1
    assert not Notification.objects.filter(user=gone).exists()
    assert not Notification.objects.filter(user=world.user("delegate")).exists()  # officers only
    assert Notification.objects.filter(user=world.user("leader")).count() == 1  # its own card too
    call_command("scoring_reminders", "--today", "08/12/2024")  # the same day again: nothing more
    assert Notification.objects.filter(user=member).count() == 1
    call_command("scoring_reminders", "--today", "11/12/2024")
    late = Notification.objects.filter(user=member).first()
    assert late is not None and "đã qua" in late.text


def test_bell_counts_unread_and_the_list_marks_them_read(world, login) -> None:
    member = world.user("member")
    for text in ("Nhắc hạn tự chấm điểm", "Nhắc hạn thẩm định"):
        Notification.objects.create(user=member, text=text, url="/scoring/")
    Notification.objects.create(user=world.user("leader"), text="Của đơn vị khác")
    client = login(member)
    home = client.get(reverse("web:home")).content.decode()
    assert 'id="nav-bell"' in home and "2 thông báo chưa đọc" in home
    page = client.get(reverse("notices:list")).content.decode()
    assert "Nhắc hạn tự chấm điểm" in page and "Nhắc hạn thẩm định" in page
    assert "Của đơn vị khác" not in page  # only one's own
    assert "Đánh dấu tất cả đã đọc" in page
    response = client.post(reverse("notices:mark_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.user("leader"), read_at__isnull=True).count() == 1
    home = client.get(reverse("web:home")).content.decode()
    assert "0 thông báo chưa đọc" in home
    assert client.get(reverse("notices:mark_read")).status_code == 405


def test_anonymous_is_sent_to_log_in(client) -> None:
    response = client.get(reverse("notices:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_empty_list_says_so(world, login) -> None:
    page = login(world.user("observer")).get(reverse("notices:list")).content.decode()
    assert "Chưa có thông báo nào" in page
