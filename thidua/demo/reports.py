"""Reports of the demo: the news article draft of seed 000's preparatory meeting, with the byline the
press officers filled in ("Minh Dung – Hữu Thịnh", as the article signs it). The other conferences'
drafts are built from their data when opened (Reports tab)."""

from __future__ import annotations

from thidua.accounts.models import User
from thidua.conferences.models import Conference
from thidua.reports import news, services
from thidua.reports.models import NewsDraft

SEED_000_BYLINE = "Minh Dung – Hữu Thịnh"


def load_reports_demo() -> int:
    """Store seed 000's edited news draft if missing; returns how many drafts were added."""
    conference = Conference.objects.filter(block_year__block__code="NT-KDANG", block_year__year=2022).first()
    if conference is None or NewsDraft.objects.filter(conference=conference).exists():
        return 0
    article = news.build_article(conference)
    article.byline = SEED_000_BYLINE
    services.save_news_draft(
        actor=User.objects.get(username="khoitruong"), conference=conference, text=article.as_text()
    )
    return 1
