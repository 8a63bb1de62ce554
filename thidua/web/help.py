"""Help inside the product (issue 15 item 7): a step-by-step guide per role across the emulation year,
with screenshots of the demo, and a short help text on each main page keyed by its URL name.

The guides are data (this module); the pages are `thidua.web.views.help_index` and `help_guide`; the
per-page box is the `page_help` template tag (`thidua.web.templatetags.help_tags`) that base.html renders.
The screenshots under static/help/ are made by `manage.py help_screenshots` on the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.accounts.models import Role
from thidua.accounts.types import Actor
from thidua.blocks.models import BlockKind, BlockYear, block_word, deputy_title, leader_title

Text = str | Promise


@dataclass(frozen=True)
class Shot:
    """A screenshot of the demo: `file` under static/help/, 1280 px wide, or 390 px when `phone`."""

    file: str
    caption: Text
    phone: bool = False

    @property
    def static_path(self) -> str:
        return f"help/{self.file}"


@dataclass(frozen=True)
class Section:
    slug: str
    title: Text
    steps: tuple[Text, ...]
    shots: tuple[Shot, ...] = ()
    link: str = ""  # the URL name of a page without arguments that the section is about


@dataclass(frozen=True)
class Guide:
    slug: str
    title: Text
    who: Text
    demo_login: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


BOARD = Guide(
    slug="board",
    title=_("Guide for the emulation board (Ban Thi đua - Khen thưởng)"),
    who=_(
        "Board officers set up the blocks and their years, run the scoring and the conferences with the "
        "block leaders, receive the award dossiers, prepare the council and issue the decisions. "
        "Administrators have the same pages, and manage the accounts."
    ),
    demo_login="bantdkt",
    sections=(
        Section(
            "year",
            _("1. Set up the block and its year"),
            (
                _("Open Blocks in the menu and choose the block."),
                _(
                    "Press Set up next year: the form suggests the leader and deputy by the rotation "
                    "rule; change them if the conference chose otherwise."
                ),
                _("Tick the member units of the year and press Save."),
                _("The block year page then shows its stages in order and where the year stands."),
            ),
            (Shot("board-block-year.png", _("A block year: leader, deputy, members and stages")),),
        ),
        Section(
            "covenant",
            _("2. Scoring table and covenant (beginning of the year)"),
            (
                _(
                    "On the block year, open the tab Covenant and scoring. Create the scoring table or "
                    "copy last year's table (the year in its name and criteria is flagged for you)."
                ),
                _(
                    "Add the groups and criteria with their maximum points until the table adds up, then "
                    "press Freeze the table."
                ),
                _("Create the covenant with its targets and press Open for signing."),
                _(
                    "Follow who has signed and who has registered for the movements: the lists show the "
                    "members that have not done so yet."
                ),
            ),
            (
                Shot("board-scoring-overview.png", _("Covenant and scoring: signatures and progress")),
                Shot("board-scoring-table.png", _("A frozen scoring table")),
            ),
        ),
        Section(
            "ranking",
            _("3. Self-scoring, review and ranking (end of the year)"),
            (
                _("Press Open the scorecards: each member unit scores itself by the deadline."),
                _("Assign a reviewing unit to each scorecard (Assign); the leader verifies."),
                _("Follow the progress column; answer the members' explanations when points are cut."),
                _("When every card is reviewed, check the ranking and press Publish the ranking."),
            ),
            (Shot("board-ranking.png", _("The published ranking of the Nha Trang block, 2022")),),
        ),
        Section(
            "conference",
            _("4. Conference and secret ballot"),
            (
                _("On the block year, tab Conferences, press New conference: date, place, chair, secretary."),
                _("Add the delegates to the roll (or record a written proxy) and create the polls."),
                _(
                    "On the day, press Open the conference (check-in), tick who is present, and print the "
                    "voting links (QR) for the delegates' phones."
                ),
                _(
                    "Open each poll, close it when all have voted, and publish the result; the projector "
                    "page shows it in the hall."
                ),
                _("Close the conference and download the minutes (DOCX)."),
            ),
            (Shot("board-conference.png", _("A conference: roll, check-in and polls")),),
        ),
        Section(
            "dossiers",
            _("5. Award proposals and dossiers"),
            (
                _("Open Proposals: the inbox lists the dossiers with their deadlines and late ones."),
                _("Open a dossier, press Received, then appraise each line against the conditions."),
                _("Return it to the unit with the reasons to fix, or send it to the council."),
            ),
            (Shot("board-proposals.png", _("The inbox of award dossiers")),),
        ),
        Section(
            "council",
            _("6. The emulation and commendation council"),
            (
                _("Open Council: create the council of the year and add its members."),
                _("Create a session and put the dossiers before the council."),
                _("Open the session with the members present, record the counts, close the session."),
                _("Download the minutes of the session (DOCX)."),
            ),
            (Shot("board-council.png", _("The councils and their sessions")),),
        ),
        Section(
            "decisions",
            _("7. Decisions and certificates"),
            (
                _("From an approved dossier, press Draft the decision."),
                _(
                    "Check the awardees and amounts, then Issue the decision: its number comes from the "
                    "register."
                ),
                _("Download the decision (DOCX or PDF) and the payment sheet (XLSX)."),
                _("Print the certificates from the decision, with the layout and printer set up once."),
            ),
            (Shot("board-decisions.png", _("The decisions")),),
        ),
        Section(
            "reports",
            _("8. Reports, statistics and the audit log"),
            (
                _(
                    "On the block year, the Reports page drafts the summary report from the data; send it "
                    "to the conference, then issue it."
                ),
                _("Statistics gives the counts of the year and the forms to export."),
                _("The audit log says who changed what and when."),
            ),
            (
                Shot("board-reports.png", _("Reports of a block year")),
                Shot("board-home-phone.png", _("The start page on a phone"), phone=True),
            ),
            link="stats:page",
        ),
    ),
)

LEADER = Guide(
    slug="leader",
    title=_("Guide for the block leader officer (cán bộ đơn vị Khối trưởng)"),
    who=_(
        'The officer of the unit that leads a block this year. The user menu says "Khối trưởng" and the '
        "year. The leader runs the year of its block with the board, and is also a member unit."
    ),
    demo_login="khoitruong",
    sections=(
        Section(
            "start",
            _("1. What to do next"),
            (
                _("The start page lists what you must do next, with its deadline."),
                _('Your block is marked "you lead"; open its year.'),
            ),
            (Shot("leader-home.png", _("The leader's start page")),),
        ),
        Section(
            "scoring",
            _("2. Covenant and scoring of the block"),
            (
                _(
                    "On the tab Covenant and scoring, prepare the scoring table and the covenant with the board."
                ),
                _("Open the covenant for signing and remind the members who have not signed."),
                _("Open the scorecards and assign the reviewing units."),
                _("Open each submitted card and verify it (Verify as leader)."),
            ),
            (Shot("leader-scoring-overview.png", _("The scoring year of the block")),),
        ),
        Section(
            "conference",
            _("3. The conference of the block"),
            (
                _("Draft the report of the year (Draft report) and let the members comment."),
                _("Accept or decline each comment, giving the reason."),
                _("Chair the conference: check-in, polls, closing (see the board's guide, step 4)."),
            ),
        ),
        Section(
            "report",
            _("4. Summary report and proposals of the block"),
            (
                _(
                    "On the Reports page, edit the summary report drafted from the data and send it to the conference."
                ),
                _(
                    "Make the block's dossier of proposals (flags, certificates of merit) from the conference's votes."
                ),
            ),
            (Shot("leader-reports.png", _("The summary report of the block")),),
        ),
    ),
)

UNIT = Guide(
    slug="unit",
    title=_("Guide for the member unit officer (cán bộ đơn vị thành viên)"),
    who=_(
        "The emulation officer of a member unit: signs the covenant, scores the unit, reviews the cards "
        "assigned, keeps the unit's people and sends its award dossiers."
    ),
    demo_login="donvi",
    sections=(
        Section(
            "start",
            _("1. What to do next"),
            (
                _(
                    "The start page lists what you must do next, with its deadline, and the bell shows the notices."
                ),
                _("Open your block's year from the start page."),
            ),
            (Shot("unit-home.png", _("The start page of a member unit")),),
        ),
        Section(
            "covenant",
            _("2. Register and sign the covenant"),
            (
                _(
                    "On the tab Covenant and scoring, press Register my unit and enter the titles you aim for."
                ),
                _("Read the covenant and press Sign for my unit."),
            ),
            (Shot("unit-scoring-overview.png", _("Covenant and scoring as a member")),),
        ),
        Section(
            "scorecard",
            _("3. Self-scoring"),
            (
                _("Open your scorecard when the board opens it."),
                _(
                    "For each criterion enter the self-score and what was achieved; each score is saved as "
                    "you leave the field."
                ),
                _("Attach the evidence files; they can be replaced or removed until the card is submitted."),
                _("Or download it as Excel, fill it, and import the filled file."),
                _("Press Submit the scorecard before the deadline. If points are cut, send an explanation."),
            ),
            (
                Shot("unit-scorecard.png", _("The scorecard")),
                Shot("unit-scorecard-phone.png", _("The scorecard on a phone"), phone=True),
            ),
        ),
        Section(
            "review",
            _("4. Review another unit's card"),
            (
                _("When your unit is assigned, the card appears under Reviews assigned to your unit."),
                _("Give the reviewed points with a reason where they differ, then Submit the review."),
            ),
        ),
        Section(
            "dossiers",
            _("5. People and award dossiers"),
            (
                _("Keep your unit's people up to date (People), or import them from Excel."),
                _("Open Proposals, press New dossier, and add a line per collective or person."),
                _("Write each achievement report, choose the signer, attach the papers."),
                _("Submit by the deadline. A returned dossier says what to fix: fix it and submit again."),
            ),
            (Shot("unit-proposals.png", _("The unit's dossiers")),),
        ),
    ),
)

DELEGATE = Guide(
    slug="delegate",
    title=_("Guide for the delegate (đại biểu dự hội nghị)"),
    who=_("A delegate of a member unit at the block's conference, who votes by phone."),
    demo_login="daibieu",
    sections=(
        Section(
            "before",
            _("1. Before the conference"),
            (
                _("You may read your block, its members and its conferences."),
                _("Read the draft report of the year and send your comments."),
            ),
            (Shot("delegate-home.png", _("The delegate's start page")),),
        ),
        Section(
            "vote",
            _("2. Voting by phone (secret ballot)"),
            (
                _("At check-in, scan the QR code of your voting link (or open My ballot on the conference)."),
                _("If the page says you are not checked in, tell the secretary before filling the ballot."),
                _(
                    "When the chair opens a poll, choose Yes, No or Abstain, or tick the names, then Cast the ballot."
                ),
                _("Write down the receipt code: your vote is secret, the code proves it was counted."),
            ),
            (Shot("delegate-vote-phone.png", _("The ballot on a phone"), phone=True),),
        ),
        Section(
            "after",
            _("3. After the vote"),
            (
                _("The results appear on the ballot page and on the projector when published."),
                _("Check my receipt shows that your ballot is in the box."),
            ),
        ),
    ),
)

OBSERVER = Guide(
    slug="observer",
    title=_("Guide for the observer (quan sát)"),
    who=_(
        "Leaders and inspectors who follow the movement: they read everything and change nothing. "
        "National ID numbers and birth dates are hidden."
    ),
    demo_login="quansat",
    sections=(
        Section(
            "follow",
            _("1. Follow the blocks"),
            (
                _("The start page shows every block with its latest year, leader and deputy."),
                _("Open a block year for its scoring, ranking, conferences and reports."),
            ),
            (Shot("observer-home.png", _("The observer's start page")),),
        ),
        Section(
            "awards",
            _("2. Proposals, council and decisions"),
            (
                _("Proposals and Council list the dossiers, the sessions and their results."),
                _("Search finds units, people, blocks, conferences, dossiers and decisions."),
            ),
        ),
        Section(
            "stats",
            _("3. Statistics"),
            (_("Statistics gives the counts by year, unit and title, and exports them to Excel."),),
            (Shot("observer-stats.png", _("Statistics")),),
            link="stats:page",
        ),
    ),
)

GUIDES: tuple[Guide, ...] = (BOARD, LEADER, UNIT, DELEGATE, OBSERVER)
BY_SLUG = {g.slug: g for g in GUIDES}


def all_shots() -> list[Shot]:
    return [shot for g in GUIDES for s in g.sections for shot in s.shots]


def guide_slug_for(user: Actor, leads: bool | None = None) -> str:
    """The guide of this user's role: a unit officer whose unit leads a block year reads the leader's
    (`leads` when the caller knows it already, as the navigation's context does)."""
    role = getattr(user, "role", "")
    if role in (Role.BOARD_OFFICER, Role.ADMINISTRATOR):
        return BOARD.slug
    if role == Role.UNIT_OFFICER:
        if leads is None:
            leads = bool(BlockYear.objects.led_ids(user))
        return LEADER.slug if leads else UNIT.slug
    if role == Role.DELEGATE:
        return DELEGATE.slug
    return OBSERVER.slug


def guides_for(user: Actor) -> list[Guide]:
    """Every guide, the user's own first."""
    own = BY_SLUG[guide_slug_for(user)]
    return [own] + [g for g in GUIDES if g is not own]


@dataclass(frozen=True)
class PageHelp:
    text: Text
    guide: str  # a guide's slug; the link goes to the user's own guide when it has that section
    section: str


# The short help of each main page, keyed by its URL name (namespace:name).
PAGE_HELP: dict[str, PageHelp] = {
    "web:home": PageHelp(
        _(
            "Your blocks and what you must do next. Open a block's year to see its stages, or the guide of "
            "your role from the user menu."
        ),
        "unit",
        "start",
    ),
    "blocks:block_list": PageHelp(
        _("Every block and cluster you may see. Open one for its years, leaders and members."),
        "board",
        "year",
    ),
    "blocks:block_detail": PageHelp(
        _(
            "The years of the %(block)s with each year's %(leader)s. The board sets up the next year from here."
        ),
        "board",
        "year",
    ),
    "blocks:block_year_detail": PageHelp(
        _(
            "The year of the %(block)s: members, %(leader)s, %(deputy)s and its stages in order. The tabs lead "
            "to the covenant and scoring, the conferences, the proposals and the reports."
        ),
        "board",
        "year",
    ),
    "scoring:overview": PageHelp(
        _("Covenant and scoring: register and sign, follow the scorecards and reviews, publish the ranking."),
        "unit",
        "covenant",
    ),
    "scoring:table": PageHelp(
        _(
            "The criteria and their maximum points. Freeze the table when it adds up; after that, only an "
            "amendment changes it."
        ),
        "board",
        "covenant",
    ),
    "scoring:scorecard": PageHelp(
        _(
            "Enter the self-score of each criterion with its evidence; each score is saved as you leave the "
            "field. Submit the card before the deadline."
        ),
        "unit",
        "scorecard",
    ),
    "scoring:review": PageHelp(
        _("Give the reviewed points, with a reason where they differ from the self-score, then submit."),
        "unit",
        "review",
    ),
    "scoring:ranking": PageHelp(
        _("The ranking from the reviewed points; it becomes final when the board publishes it."),
        "board",
        "ranking",
    ),
    "conferences:year": PageHelp(
        _("The conferences of the year. Create one, or record the results of a conference held on paper."),
        "board",
        "conference",
    ),
    "conferences:detail": PageHelp(
        _(
            "Roll and check-in, polls and proposals of the conference. Delegates vote from their phones with "
            "the printed links."
        ),
        "board",
        "conference",
    ),
    "proposals:inbox": PageHelp(
        _(
            "The award dossiers with their status and deadline. Units create and submit them; the board "
            "receives, appraises and sends them to the council."
        ),
        "board",
        "dossiers",
    ),
    "proposals:dossier": PageHelp(
        _(
            "One dossier: its lines, achievement reports, papers and history. Submit it, or fix and resubmit "
            "it when returned."
        ),
        "unit",
        "dossiers",
    ),
    "proposals:decision_list": PageHelp(
        _("The decisions. Issue a draft to give it its number; download it, its PDF and payment sheet."),
        "board",
        "decisions",
    ),
    "proposals:decision": PageHelp(
        _("The decision and its awardees. Once issued, print the certificates."), "board", "decisions"
    ),
    "council:list": PageHelp(
        _("The emulation and commendation councils and their sessions."), "board", "council"
    ),
    "council:session": PageHelp(
        _(
            "A council session: the members present, the cases before the council, the counts and the minutes."
        ),
        "board",
        "council",
    ),
    "reports:year": PageHelp(
        _("The summary report drafted from the data, the ranking files and the news drafts of the year."),
        "leader",
        "report",
    ),
    "stats:page": PageHelp(_("Counts by year, unit and title; export them to Excel."), "observer", "stats"),
    "audit:entry_list": PageHelp(
        _("Who changed what, on what and when. Filter by person, unit, kind of object and dates."),
        "board",
        "reports",
    ),
    "notices:list": PageHelp(_("Your notices: deadlines and what waits for you."), "unit", "start"),
}
HELP_SECTION_LABEL = pgettext_lazy("help box", "Help")


def help_text(item: PageHelp, kind: str | None = None) -> str:
    """The help box's text in the words of the page's block (issue 12 item 5): `%(block)s`,
    `%(leader)s` and `%(deputy)s` are "khối thi đua", "Khối trưởng", "Khối phó" or, for a cluster,
    "cụm thi đua", "Cụm trưởng", "Cụm phó" (`blocks.models.block_word`, `leader_title`,
    `deputy_title`); a page with no block speaks of a block."""
    kind = kind or BlockKind.BLOCK
    return str(item.text) % {
        "block": block_word(kind),
        "leader": leader_title(kind),
        "deputy": deputy_title(kind, None),
    }


def page_help_for(
    view_name: str | None, user: Actor, leads: bool | None = None
) -> tuple[PageHelp, str, str] | None:
    """The help of a page and the guide and section its link opens: the user's own guide when it has a
    section of that name, else the guide the text names."""
    if not view_name or view_name not in PAGE_HELP:
        return None
    item = PAGE_HELP[view_name]
    own = BY_SLUG[guide_slug_for(user, leads)]
    if any(s.slug == item.section for s in own.sections):
        return item, own.slug, item.section
    return item, item.guide, item.section
