"""thidua recount [--poll N]: recompute published results from the stored ballots and compare."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from thidua.conferences import services
from thidua.conferences.models import Poll, PollMode, PollStatus
from thidua.conferences.results import differences, given


class Command(BaseCommand):
    help = "Recount published polls from their stored ballots; exit non-zero if any differs from what was published."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--poll", type=int, help="one poll's id (default: every published poll)")

    def handle(self, *args: Any, **options: Any) -> None:
        found = Poll.objects.filter(status=PollStatus.PUBLISHED).select_related("conference").order_by("id")
        if options["poll"]:
            found = found.filter(pk=options["poll"])
            if not found.exists():
                raise CommandError(f"No published poll with id {options['poll']}.")
        differ = 0
        for poll in found:
            if poll.mode == PollMode.PAPER:
                self.stdout.write(
                    f"poll {poll.pk} ({poll.title}): paper ballots, counted by hand; nothing to recount"
                )
                continue
            if poll.outcome is not None and poll.outcome.by_acclamation:
                self.stdout.write(
                    f"poll {poll.pk} ({poll.title}): decided by acclamation, no ballots; nothing to recount"
                )
                continue
            recounted = services.recount(poll)
            published = poll.outcome
            if recounted == published and published is not None:
                self.stdout.write(
                    f"poll {poll.pk} ({poll.title}): agrees — {given(published.cast)} votes cast, "
                    f"ballot set {str(given(published.ballot_set_hash))[:16]}…"
                )
            else:
                differ += 1
                self.stdout.write(
                    self.style.ERROR(f"poll {poll.pk} ({poll.title}): DIFFERS from the published result")
                )
                for key, was, now in differences(published, recounted):
                    self.stdout.write(f"  {key}: published {was!r}, recounted {now!r}")
        if differ:
            raise CommandError(f"{differ} poll(s) differ from their published result.")
