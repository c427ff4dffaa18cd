"""Complaint and forum pages: the farmer's own (portal) and the staff's. Thin: forms shape the
input, complaints.services decide, complaints.selectors read what the user may see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import selectors, services
from complaints.forms import (
    ActionItemForm,
    AnswerForm,
    DeskForm,
    FarmerComplaintForm,
    ForumForm,
    ReopenForm,
    ResolveForm,
    StaffComplaintForm,
    TransferForm,
)
from complaints.models import ComplaintDesk, RegionKkw, Status
from partners import selectors as partner_selectors
from samples.selectors import disputed_sample
from tebu_site.files import private_file_response
from tebu_site.pages import (
    add_service_errors,
    error_text,
    farmer_required,
    paginate,
    query_without_page,
    staff_required,
)


def _complaint_or_404(request, pk: int):
    complaint = selectors.complaint_for(request.user, pk)
    if complaint is None:
        raise Http404
    return complaint


def _entries(complaint, *, for_farmer: bool):
    entries = list(selectors.entries_of(complaint))
    for entry in entries:
        entry.show_text = not for_farmer or selectors.farmer_can_read_text(entry)
    return entries


# --- the farmer's pages -------------------------------------------------------------------------


@farmer_required
def my_complaints(request):
    farmer = partner_selectors.farmers_visible_to(request.user).first()
    page = paginate(request, selectors.my_complaints(request.user))
    return render(request, "complaints/portal/list.html", {"farmer": farmer, "page": page})


@farmer_required
def my_complaint_new(request):
    farmer = partner_selectors.farmers_visible_to(request.user).first()
    if farmer is None:
        raise PermissionDenied
    form = FarmerComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.file_complaint(
                by=request.user,
                farmer=farmer,
                category=data["category"],
                text=data["text"],
                photo=data["photo"],
                delivery_order=data["delivery_order"],
                spta=data["spta"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your complaint was sent. You will be told of each answer.")
            )
            return redirect("complaints:my-complaint", pk=complaint.pk)
    return render(request, "complaints/portal/form.html", {"form": form})


@farmer_required
def my_complaint(request, pk: int):
    complaint = _complaint_or_404(request, pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_complaint(
                complaint=complaint, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your complaint was reopened and sent back."))
            return redirect("complaints:my-complaint", pk=complaint.pk)
    return render(
        request,
        "complaints/portal/detail.html",
        {
            "complaint": complaint,
            "entries": _entries(complaint, for_farmer=True),
            "reopen_form": form,
            "may_reopen": complaint.status in (Status.ANSWERED, Status.RESOLVED),
            "may_accept": complaint.status == Status.ANSWERED,
        },
    )


@farmer_required
@require_POST
def my_complaint_satisfied(request, pk: int):
    complaint = _complaint_or_404(request, pk)
    try:
        services.accept_answer(complaint=complaint, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Thank you. The complaint is closed as resolved."))
    return redirect("complaints:my-complaint", pk=complaint.pk)


@login_required
def complaint_photo(request, pk: int):
    """The only way a complaint photo leaves the server: to whoever may see the complaint."""
    complaint = _complaint_or_404(request, pk)
    return private_file_response(
        complaint.photo,
        as_attachment=False,
        content_type=complaint.photo_content_type or "image/jpeg",
    )


# --- staff pages --------------------------------------------------------------------------------


@staff_required
def inbox(request):
    now = timezone.now()
    view = request.GET.get("view", "")
    if view not in selectors.INBOX_VIEWS:
        view = selectors.default_inbox_view(request.user, now=now)
    status = request.GET.get("status", "")
    page = paginate(request, selectors.inbox(request.user, view=view, status=status, now=now))
    for complaint in page:
        complaint.overdue = complaint.is_overdue(now)
        complaint.age_hours = int(complaint.age(now).total_seconds() // 3600)
    return render(
        request,
        "complaints/staff/inbox.html",
        {
            "page": page,
            "view": view,
            "status": status,
            "statuses": Status.choices,
            "query": query_without_page(request),
            "counts": selectors.complaint_counts(request.user),
        },
    )


@staff_required
def complaint_new(request):
    form = StaffComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.file_complaint(
                by=request.user,
                farmer=data["farmer"],
                category=data["category"],
                text=data["text"],
                photo=data["photo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Complaint filed for the farmer."))
            return redirect("complaints:complaint-detail", pk=complaint.pk)
    return render(request, "complaints/staff/form.html", {"form": form})


@staff_required
def complaint_detail(request, pk: int):
    complaint = _complaint_or_404(request, pk)
    may_act = services.may_act_on(request.user, complaint)
    return render(
        request,
        "complaints/staff/detail.html",
        {
            "complaint": complaint,
            "entries": _entries(complaint, for_farmer=False),
            "may_act": may_act and complaint.status != Status.RESOLVED,
            "overdue": complaint.is_overdue(),
            "answer_form": AnswerForm(),
            "resolve_form": ResolveForm(),
            "transfer_form": TransferForm(complaint=complaint),
            "sample": disputed_sample(request.user, complaint.pk),
        },
    )


def _act(request, pk: int, form_class, call, done: str, **form_kwargs):
    complaint = _complaint_or_404(request, pk)
    form = form_class(request.POST, **form_kwargs) if form_kwargs else form_class(request.POST)
    if form.is_valid():
        try:
            call(complaint, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("complaints:complaint-detail", pk=complaint.pk)


@staff_required
@require_POST
def complaint_answer(request, pk: int):
    return _act(
        request,
        pk,
        AnswerForm,
        lambda c, d: services.answer_complaint(complaint=c, by=request.user, text=d["text"]),
        _("Answer sent to the farmer."),
    )


@staff_required
@require_POST
def complaint_resolve(request, pk: int):
    return _act(
        request,
        pk,
        ResolveForm,
        lambda c, d: services.resolve_complaint(complaint=c, by=request.user, text=d["text"]),
        _("Complaint resolved."),
    )


@staff_required
@require_POST
def complaint_transfer(request, pk: int):
    complaint = _complaint_or_404(request, pk)
    return _act(
        request,
        pk,
        TransferForm,
        lambda c, d: services.transfer_complaint(
            complaint=c, by=request.user, to=d["to"], note=d["note"]
        ),
        _("Complaint transferred."),
        complaint=complaint,
    )


@staff_required
def desk_settings(request):
    """Managers name who answers each kind of complaint at their mill, and set the clocks."""
    mills = [
        m
        for m in partner_selectors.mills_visible_to(request.user)
        if services.may_configure_desk(request.user, m)
    ]
    if not mills:
        raise PermissionDenied
    mill = next((m for m in mills if str(m.pk) == request.GET.get("mill")), mills[0])
    regions = list(partner_selectors.regions_visible_to(request.user).filter(mill=mill))
    desk = ComplaintDesk.objects.filter(mill=mill).first() or ComplaintDesk(mill=mill)
    initial = {field: getattr(desk, field) for field in services.DESK_FIELDS}
    for named in RegionKkw.objects.filter(region__in=regions):
        initial[f"kkw_{named.region_id}"] = named.user
    form = DeskForm(request.POST or None, initial=initial, mill=mill, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_desk(
                mill=mill,
                by=request.user,
                values={field: data[field] for field in services.DESK_FIELDS},
                region_kkws={region.pk: data[name] for region, name in form.region_fields},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Complaint desk saved."))
            return redirect(f"{request.path}?mill={mill.pk}")
    return render(
        request,
        "complaints/staff/desk.html",
        {"form": form, "mill": mill, "mills": mills},
    )


# --- forums -------------------------------------------------------------------------------------


@login_required
def forum_list(request):
    today = timezone.localdate()
    page = paginate(request, selectors.forum_list(request.user, today=today))
    template = (
        "complaints/portal/forum_list.html"
        if request.user.is_farmer
        else ("complaints/staff/forum_list.html")
    )
    return render(
        request,
        template,
        {
            "page": page,
            "may_manage": services.may_manage_forums(request.user),
            "overdue_items": selectors.overdue_action_items(request.user, today=today)
            .select_related("forum__region")
            .order_by("due_on")[:20]
            if not request.user.is_farmer
            else [],
        },
    )


@login_required
def forum_detail(request, pk: int):
    forum = selectors.forum_for(request.user, pk)
    if forum is None:
        raise Http404
    today = timezone.localdate()
    items = list(forum.action_items.all())
    for item in items:
        item.overdue = item.is_overdue(today)
    may_manage = services.may_manage_forums(request.user)
    return render(
        request,
        "complaints/portal/forum_detail.html"
        if request.user.is_farmer
        else "complaints/staff/forum_detail.html",
        {
            "forum": forum,
            "hidden_farmer_count": forum.farmer_attendee_count
            - len(forum.visible_farmer_attendees),
            "items": items,
            "may_manage": may_manage,
            "item_form": ActionItemForm(forum=forum) if may_manage else None,
        },
    )


def _forum_form(request, forum=None):
    if not services.may_manage_forums(request.user):
        raise PermissionDenied
    initial = {}
    if forum is not None:
        initial = {
            "mill": forum.mill,
            "kind": forum.kind,
            "region": forum.region,
            "held_on": forum.held_on,
            "place": forum.place,
            "agenda": forum.agenda,
            "minutes": forum.minutes,
            "guests": forum.guests,
            "staff_attendees": list(forum.staff_attendees.all()),
            "farmer_attendees": forum.visible_farmer_attendees,
        }
    form = ForumForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        staff, farmers = data.pop("staff_attendees"), data.pop("farmer_attendees")
        mill = data.pop("mill")
        try:
            if forum is None:
                forum = services.create_forum(
                    by=request.user,
                    mill=mill,
                    data=data,
                    staff_attendees=staff,
                    farmer_attendees=farmers,
                )
            else:
                if mill.pk != forum.mill_id:
                    raise ValidationError({"mill": [_("A forum cannot move to another mill.")]})
                services.update_forum(
                    forum=forum,
                    by=request.user,
                    data=data,
                    staff_attendees=staff,
                    farmer_attendees=farmers,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Forum saved."))
            return redirect("complaints:forum-detail", pk=forum.pk)
    return render(request, "complaints/staff/forum_form.html", {"form": form, "forum": forum})


@staff_required
def forum_new(request):
    return _forum_form(request)


@staff_required
def forum_edit(request, pk: int):
    forum = selectors.forum_for(request.user, pk)
    if forum is None:
        raise Http404
    return _forum_form(request, forum)


@staff_required
@require_POST
def action_item_add(request, pk: int):
    forum = selectors.forum_for(request.user, pk)
    if forum is None:
        raise Http404
    form = ActionItemForm(request.POST, forum=forum)
    if form.is_valid():
        try:
            services.add_action_item(forum=forum, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Action item added."))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("complaints:forum-detail", pk=forum.pk)


@staff_required
@require_POST
def action_item_toggle(request, pk: int):
    item = selectors.action_items_visible_to(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    try:
        services.update_action_item(item=item, by=request.user, changes={"done": not item.done})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("complaints:forum-detail", pk=item.forum_id)
