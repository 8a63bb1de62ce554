"""The Conference tab of a block year and a conference's console: roll, check-in, links, proxies,
files, the minutes and the projector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from thidua.blocks.models import BlockYear
from thidua.blocks.permissions import get_block_year_for_user
from thidua.conferences import documents, services
from thidua.conferences.forms import (
    ConferenceForm,
    ConfirmNamesForm,
    FileForm,
    LinksForm,
    MinutesScanForm,
    ParticipantForm,
    PickForm,
    PollForm,
    ProposalForm,
    ProxyForm,
    RecordedMinutesForm,
    RenameForm,
)
from thidua.conferences.models import (
    AwardCandidate,
    Conference,
    ConferenceFile,
    ConferenceKind,
    ConferenceStatus,
    FileKind,
    MinutesScan,
    Participant,
    Poll,
    PollStatus,
    Proxy,
    RecordedMinutes,
)
from thidua.conferences.permissions import (
    can_run_conference,
    get_conference_for_user,
    get_participant_for_user,
    voter_place_for_user,
)
from thidua.conferences.views.common import (
    conference_url,
    fail,
    fraction_rule,
    posted,
    result_rows,
    year_context,
)
from thidua.documents.pdf import ConversionError
from thidua.lib.forms import add_service_errors
from thidua.lib.uploads import serve_stored_file
from thidua.orgs.models import Unit


def _clock(moment: Any) -> str:
    """A time as the page shows it: "08:05 20/12/2024"."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


@login_required
def year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The Conference tab: the year's conferences, and a new one for those who run it."""
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_conference(request.user, block_year)
    form = None
    if run:
        form = ConferenceForm(
            request.POST or None,
            initial={"kind": ConferenceKind.SUMMARY},
            block_year=block_year,
        )
        if request.method == "POST" and form.is_valid():
            try:
                conference = services.create_conference(
                    actor=request.user, block_year=block_year, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Conference created with one voting delegate per member; check the roll.")
                )
                return redirect(conference_url(conference))
    elif request.method == "POST":
        raise PermissionDenied
    conferences = Conference.objects.filter(block_year=block_year).prefetch_related("polls")
    return render(
        request,
        "conferences/year.html",
        {**year_context(block_year, request.user), "conferences": conferences, "form": form, "run": run},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The conference's console: details, quorum, roll and check-in, proxies, polls, files, minutes."""
    conference = get_conference_for_user(request.user, pk)
    block_year = conference.block_year
    run = can_run_conference(request.user, block_year)
    roll = list(conference.participants.select_related("unit", "user"))
    proxies = {p.voter_id: p for p in Proxy.objects.filter(conference=conference).select_related("holder")}
    poll_list = list(conference.polls.all())
    placeholders = (
        services.placeholder_names(conference) if run and conference.status != ConferenceStatus.CLOSED else []
    )
    return render(
        request,
        "conferences/detail.html",
        {
            **year_context(block_year, request.user),
            "conference": conference,
            "run": run,
            "roll": roll,
            "proxies": proxies,
            "quorum": services.quorum_status(conference),
            "quorum_rule": fraction_rule(
                conference.quorum_comparison,
                conference.quorum_numerator,
                conference.quorum_denominator,
                _("the roll's votes, in person or by written proxy"),
            ),
            "polls": poll_list,
            "open_poll": next((p for p in poll_list if p.status == PollStatus.OPEN), None),
            "files": conference.files.exclude(kind=FileKind.DRAFT_REPORT),
            "participant_form": ParticipantForm(conference=conference, prefix="p") if run else None,
            "proxy_form": ProxyForm(conference=conference, prefix="proxy") if run else None,
            "poll_form": PollForm(prefix="poll", block_kind=conference.block_year.block.kind)
            if run
            else None,
            "file_form": FileForm(prefix="file") if run else None,
            "proposal_form": ProposalForm(conference=conference, prefix="proposal") if run else None,
            "candidates": AwardCandidate.objects.filter(poll__conference=conference).select_related(
                "award_type", "unit", "person"
            ),
            "blocked": services.blocked_units(conference) if run else [],
            "my_place": voter_place_for_user(request.user, conference),
            "can_see_links": run,
            "leader_excluded": services.leader_candidates(conference)[1] if run else [],
            "placeholders": placeholders,
            "placeholder_ids": {p.pk for p, _reason in placeholders},
            "confirm_names": services.roll_ids([p for p, _reason in placeholders]),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    form = ConferenceForm(request.POST or None, instance=conference)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_conference(
                actor=request.user, conference=Conference.objects.get(pk=pk), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference's details are saved."))
            return redirect(conference_url(conference))
    return render(
        request,
        "conferences/edit.html",
        {**year_context(conference.block_year, request.user), "conference": conference, "form": form},
    )


# -- the conference's one-click actions: one URL and one view each --------------------------------------


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the conference for check-in, once the officer confirmed the stand-in names it was shown."""
    conference = get_conference_for_user(request.user, pk, write=True)
    form = posted(ConfirmNamesForm(request.POST))
    flagged = [p for p, _reason in services.placeholder_names(conference)]
    if (
        conference.status == ConferenceStatus.PLANNED
        and flagged
        and not services.names_confirmed(form.cleaned_data["confirm_names"], flagged)
    ):
        # The list changed since the page was shown (or was never shown): ask again.
        messages.warning(
            request,
            ngettext(
                "Not opened: %(count)s name on the roll is still a stand-in (%(names)s). "
                "Write the real name, or confirm again to open the conference.",
                "Not opened: %(count)s names on the roll are still stand-ins (%(names)s). "
                "Write the real names, or confirm again to open the conference.",
                len(flagged),
            )
            % {"count": len(flagged), "names": "; ".join(p.full_name or "—" for p in flagged)},
        )
        return redirect(conference_url(conference))
    try:
        conference = services.start_conference(actor=request.user, conference=conference)
        messages.success(
            request,
            _("The conference is in session since %(time)s: check the delegates in as they arrive.")
            % {"time": _clock(conference.opened_at)},
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        conference = services.close_conference(actor=request.user, conference=conference)
        number = conference.issued_number.number_line if conference.issued_number else ""
        messages.success(
            request,
            _("The conference closed at %(time)s. The minutes (%(number)s) are ready to download.")
            % {"time": _clock(conference.closed_at), "number": number or _("not numbered")},
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
@require_POST
def add_participant(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        form = posted(ParticipantForm(request.POST, conference=conference, prefix="p"))
        added = services.add_participant(actor=request.user, conference=conference, **form.cleaned_data)
        messages.success(request, _("%(name)s is added to the roll.") % {"name": added.full_name})
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
@require_POST
def add_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        form = posted(ProxyForm(request.POST, request.FILES, conference=conference, prefix="proxy"))
        upload = form.cleaned_data["authorisation"]
        proxy = services.add_proxy(
            actor=request.user,
            voter=form.cleaned_data["voter"],
            holder=form.cleaned_data["holder"],
            file_name=upload.name,
            content=upload,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Proxy recorded: %(holder)s casts the vote of %(voter)s.")
            % {"holder": proxy.holder.full_name, "voter": proxy.voter},
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
@require_POST
def remove_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    picked = PickForm(request.POST, field="proxy").picked
    proxy = get_object_or_404(Proxy, pk=picked, conference=conference)
    try:
        services.remove_proxy(actor=request.user, proxy=proxy)
        messages.success(
            request,
            _("Proxy removed: %(voter)s votes in person again.") % {"voter": proxy.voter.full_name},
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
@require_POST
def add_poll(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        form = posted(PollForm(request.POST, prefix="poll"))
        values = {k: v for k, v in form.cleaned_data.items() if k != "kind" and v is not None}
        poll = services.create_poll(
            actor=request.user, conference=conference, kind=form.cleaned_data["kind"], **values
        )
    except ValidationError as exc:
        fail(request, exc)
        return redirect(conference_url(conference))
    messages.success(
        request,
        _("The poll “%(title)s” is created as a draft: check its settings, then open the vote.")
        % {"title": poll.title},
    )
    return redirect("conferences:poll", poll.pk)


@login_required
@require_POST
def add_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """An award proposal joins the conference's draft vote on proposals (created with it if none)."""
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        form = posted(ProposalForm(request.POST, conference=conference, prefix="proposal"))
        draft = services.propose(
            actor=request.user, conference=conference, proposal=services.Proposal(**form.cleaned_data)
        )
    except ValidationError as exc:
        fail(request, exc)
        return redirect(conference_url(conference))
    messages.success(request, _("Proposal added to the draft vote on award proposals."))
    return redirect("conferences:poll", draft.pk)


@login_required
@require_POST
def add_file(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, write=True)
    try:
        form = posted(FileForm(request.POST, request.FILES, prefix="file"))
        upload = form.cleaned_data["file"]
        item = services.add_file(
            actor=request.user,
            conference=conference,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            content=upload,
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("File attached: %(name)s.") % {"name": item.original_name})
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


# -- a roll entry's actions ------------------------------------------------------------------------------


def _after_roll_change(request: HttpRequest, participant: Participant) -> HttpResponse:
    """Check-in by htmx swaps the row in place (and the quorum, out of band); otherwise back to the roll."""
    conference = participant.conference
    if getattr(request, "htmx", False):
        participant.refresh_from_db()
        return render(
            request,
            "conferences/partials/roll_row.html",
            {
                "p": participant,
                "conference": Conference.objects.get(pk=conference.pk),
                "run": True,
                "proxies": {
                    x.voter_id: x
                    for x in Proxy.objects.filter(conference=conference).select_related("holder")
                },
                "quorum": services.quorum_status(conference),
                "oob_quorum": True,
                "placeholder_ids": {participant.pk} if services.placeholder_reason(participant) else set(),
            },
        )
    return redirect(conference_url(conference) + "#roll")


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    try:
        participant = services.check_in(actor=request.user, participant=participant, present=True)
        messages.success(
            request,
            _("%(name)s checked in at %(time)s.")
            % {"name": participant.full_name, "time": _clock(participant.checked_in_at)},
        )
    except ValidationError as exc:
        fail(request, exc)
    return _after_roll_change(request, participant)


@login_required
@require_POST
def undo_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    try:
        participant = services.check_in(actor=request.user, participant=participant, present=False)
        messages.success(request, _("Check-in of %(name)s undone: absent.") % {"name": participant.full_name})
    except ValidationError as exc:
        fail(request, exc)
    return _after_roll_change(request, participant)


@login_required
@require_POST
def rename_participant(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    old = participant.full_name
    try:
        form = posted(RenameForm(request.POST))
        services.update_participant(actor=request.user, participant=participant, **form.cleaned_data)
        messages.success(
            request, _("%(old)s is now %(new)s on the roll.") % {"old": old, "new": participant.full_name}
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(participant.conference) + "#roll")


@login_required
@require_POST
def revoke_link(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    try:
        services.revoke_link(actor=request.user, participant=participant)
        messages.success(
            request, _("The voting link of %(name)s no longer works.") % {"name": participant.full_name}
        )
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(participant.conference) + "#roll")


@login_required
@require_POST
def remove_participant(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    try:
        services.remove_participant(actor=request.user, participant=participant)
        messages.success(request, _("%(name)s is removed from the roll.") % {"name": participant.full_name})
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(participant.conference) + "#roll")


@login_required
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue personal voting links (all voters, or one) and show them once, with QR codes, to print."""
    conference = get_conference_for_user(request.user, pk, write=True)
    issued = []
    if request.method == "POST":
        form = LinksForm(request.POST)
        chosen = services.link_holders(
            conference, form.cleaned_data["participant"] if form.is_valid() else ""
        )
        try:
            for participant in chosen:
                token = services.issue_link(actor=request.user, participant=participant)
                url = request.build_absolute_uri(reverse("vote:link", args=[token]))
                issued.append((participant, url, documents.qr_data_uri(url)))
        except ValidationError as exc:
            fail(request, exc)
            return redirect(conference_url(conference))
        messages.success(
            request,
            ngettext(
                "%(count)s voting link issued; a link issued before to this delegate no longer works.",
                "%(count)s voting links issued; links issued before to these delegates no longer work.",
                len(issued),
            )
            % {"count": len(issued)},
        )
    return render(
        request,
        "conferences/links.html",
        {**year_context(conference.block_year, request.user), "conference": conference, "issued": issued},
    )


@login_required
@require_POST
@never_cache
def qr_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """“In phiếu mã QR”: the board or the year's leader officer prints one card per voter (A4 PDF) with
    a freshly issued personal link; the links issued before stop working (the page asks first)."""
    conference = get_conference_for_user(request.user, pk, write=True)

    def render(cards: list[tuple[Any, str]]) -> bytes:
        links = [(p, request.build_absolute_uri(reverse("vote:link", args=[token]))) for p, token in cards]
        return documents.qr_sheet_pdf(conference, links)

    try:
        content, count = services.issue_qr_sheet(actor=request.user, conference=conference, render=render)
    except ValidationError as exc:
        fail(request, exc)
        return redirect(conference_url(conference))
    except ConversionError:
        messages.error(request, _("The PDF could not be made (LibreOffice): no link was changed. Try again."))
        return redirect(conference_url(conference))
    messages.success(
        request,
        ngettext(
            "%(count)s QR card printed at %(time)s with a new voting link; the link and card printed "
            "before no longer work.",
            "%(count)s QR cards printed at %(time)s with new voting links; the links and cards printed "
            "before no longer work.",
            count,
        )
        % {"count": count, "time": _clock(timezone.now())},
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-ma-qr-hoi-nghi-{conference.pk}.pdf"'
    return response


@login_required
def minutes_scan(request: HttpRequest, pk: int) -> FileResponse:
    """A scan of recorded minutes, for whoever reads the block year."""
    scan = get_object_or_404(MinutesScan.objects.select_related("minutes__block_year"), pk=pk)
    block_year = scan.minutes.block_year
    get_block_year_for_user(request.user, block_year.block_id, block_year.year)
    return serve_stored_file(scan, inline=request.GET.get("inline") == "1")


@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    """A photo is shown inline only when asked for and its bytes are an image (lib.uploads)."""
    item = get_object_or_404(ConferenceFile.objects.select_related("conference"), pk=pk)
    get_conference_for_user(request.user, item.conference_id)
    return serve_stored_file(item, inline=request.GET.get("inline") == "1")


@login_required
@require_POST
def file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a photo or document attached by mistake (until the conference is closed)."""
    item = get_object_or_404(ConferenceFile, pk=pk)
    conference = get_conference_for_user(request.user, item.conference_id, write=True)
    try:
        name = item.original_name
        services.remove_file(actor=request.user, item=item)
        messages.success(request, _("The file %(name)s has been removed.") % {"name": name})
    except ValidationError as exc:
        fail(request, exc)
    return redirect(conference_url(conference))


@login_required
def proxy_file(request: HttpRequest, pk: int) -> FileResponse:
    proxy = get_object_or_404(Proxy.objects.select_related("conference__block_year"), pk=pk)
    get_conference_for_user(request.user, proxy.conference_id, write=True)
    return serve_stored_file(proxy)


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes (biên bản) as DOCX, ready for a dossier."""
    conference = get_conference_for_user(request.user, pk)
    content = documents.minutes_docx(conference)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-nghi-{conference.pk}.docx"'
    return response


@login_required
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    """A full-screen page for the hall: the open poll and its participation, then the published result."""
    conference = get_conference_for_user(request.user, pk)
    return render(
        request, "conferences/projector.html", {"conference": conference, **_projector_state(conference)}
    )


@login_required
def projector_live(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk)
    return render(
        request,
        "conferences/partials/projector_body.html",
        {"conference": conference, **_projector_state(conference)},
    )


def _projector_state(conference: Conference) -> dict[str, Any]:
    """The open poll with its participation count (never a running result of a secret poll), else the
    newest published result."""
    open_poll = conference.polls.filter(status=PollStatus.OPEN).first()
    if open_poll is not None:
        voted, voters = services.participation_count(open_poll)
        return {"poll": open_poll, "voted": voted, "voters": voters, "showing": "open"}
    shown: Poll | None = (
        conference.polls.filter(status=PollStatus.PUBLISHED).order_by("-published_at").first()
    )
    if shown is not None:
        return {"poll": shown, "showing": "result", "result": shown.outcome, "rows": result_rows(shown)}
    return {"showing": "waiting", "in_session": conference.status == ConferenceStatus.IN_SESSION}


@login_required
def recorded_minutes(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Record a year's results from the paper minutes (issue 12 item 1): the board and the year's
    leader officer record; whoever reads the year reads what was recorded."""
    block_year = get_block_year_for_user(request.user, pk, year)
    run = can_run_conference(request.user, block_year)
    if request.method == "POST" and not run:
        raise PermissionDenied
    members = Unit.objects.filter(memberships__block_year=block_year).order_by("name_sort")
    form = RecordedMinutesForm(request.POST or None, members=members) if run else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = services.parse_minutes(
            block_year=block_year,
            standings=data["standings"],
            proposals=data["proposals"],
            deputies=data["next_deputies"],
            counts=data["counts"],
            viewer=request.user,
        )
        try:
            if parsed.errors:
                raise ValidationError(parsed.errors)
            services.record_minutes(
                actor=request.user,
                block_year=block_year,
                standings=parsed.standings,
                proposals=parsed.proposals,
                next_leader=data["next_leader"],
                next_deputies=parsed.deputies,
                minutes_number=data["minutes_number"],
                held_on=data["held_on"],
                place=data["place"],
                chair=data["chair"],
                by_acclamation=data["by_acclamation"],
                note=data["note"],
                counts=parsed.counts,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The results of %(year)s are recorded from the minutes.") % {"year": block_year.year},
            )
            return redirect("conferences:recorded_minutes", pk, year)
    minutes = RecordedMinutes.objects.filter(block_year=block_year).first()
    return render(
        request,
        "conferences/recorded_minutes.html",
        {
            **year_context(block_year, request.user),
            "run": run,
            "form": form if minutes is None else None,
            "minutes": minutes,
            "scan_form": MinutesScanForm() if run and minutes is not None else None,
            "scans": minutes.scans.all() if minutes is not None else [],
            "counts": minutes.counts.select_related("award_type") if minutes is not None else [],
            "standings": block_year.standings.select_related("unit"),
            "candidates": AwardCandidate.objects.filter(block_year=block_year).select_related(
                "award_type", "unit", "person"
            ),
            "next_year": BlockYear.objects.with_members()
            .filter(block_id=block_year.block_id, year=block_year.year + 1)
            .first(),
        },
    )


@login_required
@require_POST
def attach_minutes_scan(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The scan of the paper minutes, attached after the results were recorded from them."""
    block_year = get_block_year_for_user(request.user, pk, year)
    if not can_run_conference(request.user, block_year):
        raise PermissionDenied
    minutes = get_object_or_404(RecordedMinutes, block_year=block_year)
    try:
        upload = posted(MinutesScanForm(request.POST, request.FILES)).cleaned_data["scan"]
        services.attach_scan(actor=request.user, minutes=minutes, name=upload.name or "", content=upload)
        messages.success(request, _("The scanned minutes are attached."))
    except ValidationError as exc:
        fail(request, exc)
    return redirect("conferences:recorded_minutes", pk, year)
