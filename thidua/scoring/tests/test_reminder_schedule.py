"""The reminders run from the job queue's daily schedule (no cron): once a day, from the set time."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core import mail

from thidua.jobs.models import Job, JobStatus, ScheduledRun
from thidua.jobs.services import run_schedule
from thidua.scoring.jobs import REMINDERS
from thidua.scoring.models import Reminder
from thidua.scoring.services.year import rules_for

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_schedule_sends_the_days_reminders_once_from_seven(world, year) -> None:
    member = world.user("member")
    member.email = "thidua.snv@example.vn"
    member.save()
    rules = rules_for(world.block_year)
    rules.self_scoring_deadline = datetime.date(2024, 12, 10)
    rules.save()

    assert run_schedule(now=datetime.datetime(2024, 12, 8, 6, 59, tzinfo=HANOI)) == []
    [job] = run_schedule(now=datetime.datetime(2024, 12, 8, 7, 0, tzinfo=HANOI))
    job.refresh_from_db()
    assert job.kind == REMINDERS and job.status == JobStatus.DONE and job.created_by is None
    assert job.params == {"day": "2024-12-08"} and job.message == "Đã gửi 3 lời nhắc."
    assert Reminder.objects.filter(sent_on=datetime.date(2024, 12, 8)).count() == 3
    assert [m.to for m in mail.outbox] == [["thidua.snv@example.vn"]]
    # Later the same day (another worker, another look at the schedule): nothing more.
    assert run_schedule(now=datetime.datetime(2024, 12, 8, 16, 0, tzinfo=HANOI)) == []
    assert Job.objects.filter(kind=REMINDERS).count() == 1 and len(mail.outbox) == 1
    # The next day it runs again.
    assert len(run_schedule(now=datetime.datetime(2024, 12, 9, 7, 30, tzinfo=HANOI))) == 1
    assert ScheduledRun.objects.filter(name=REMINDERS).count() == 2
