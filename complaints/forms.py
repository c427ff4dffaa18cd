"""Forms for the complaint and forum pages. They only shape the input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaints import routing
from complaints.models import Category, ForumKind
from harvest import selectors as harvest_selectors
from partners import selectors as partner_selectors
from partners.forms import DateInput
from tebu_site import params
from tebu_site.models import Role


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.username} · {obj.get_role_display()}"


class UserMultipleChoiceField(params.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.username} · {obj.get_role_display()}"


PHOTO_WIDGET = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"})


class FarmerComplaintForm(forms.Form):
    """The farmer's own form, on a cheap phone: few fields, the DO/SPTA only if they want."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    text = forms.CharField(
        label=_("Your complaint"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Say what happened, when and where."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=PHOTO_WIDGET,
        help_text=_("A JPG or PNG picture, at most 5 MB."),
    )
    delivery_order = forms.ModelChoiceField(
        label=_("About a DO (optional)"), queryset=None, required=False
    )
    spta = forms.ModelChoiceField(
        label=_("About an SPTA (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Through the scoped selectors: a farmer can only point at their own DOs and SPTAs.
        self.fields["delivery_order"].queryset = harvest_selectors.delivery_orders_visible_to(
            user
        ).order_by("-period_end")
        self.fields["spta"].queryset = harvest_selectors.sptas_visible_to(user).order_by(
            "-cutting_date"
        )


class StaffComplaintForm(forms.Form):
    """Staff file a complaint a farmer told them about (by phone, at the office, in the field)."""

    farmer = forms.ModelChoiceField(label=_("Farmer"), queryset=None)
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    text = forms.CharField(
        label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False, widget=PHOTO_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["farmer"].queryset = partner_selectors.farmers_visible_to(user).order_by("name")


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer to the farmer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class ResolveForm(forms.Form):
    text = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class TransferForm(forms.Form):
    to = UserChoiceField(label=_("Transfer to"), queryset=None)
    note = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = routing.mill_staff(complaint.mill).exclude(
            pk=complaint.handler_id
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class DeskForm(forms.Form):
    """The complaint desk of one mill; one KKW field per region is added at run time."""

    qc_desk = UserChoiceField(label=_("QC desk"), queryset=None, required=False)
    cutting_foreman = UserChoiceField(
        label=_("Cutting foreman (mandor tebang)"), queryset=None, required=False
    )
    assistant_manager = UserChoiceField(label=_("Assistant manager"), queryset=None, required=False)
    cane_manager = UserChoiceField(label=_("Cane manager"), queryset=None, required=False)
    first_line_hours = forms.IntegerField(
        label=_("Hours for the first line to answer"),
        min_value=1,
        max_value=1440,
        help_text=_(
            "72 = 3 days. Unanswered after this, the complaint goes to the assistant manager."
        ),
    )
    assistant_manager_hours = forms.IntegerField(
        label=_("Hours for the assistant manager to answer"),
        min_value=1,
        max_value=1440,
        help_text=_("Unanswered after this, the complaint goes to the cane manager."),
    )

    def __init__(self, *args, mill, regions, **kwargs):
        super().__init__(*args, **kwargs)
        staff = routing.mill_staff(mill)
        for name in ("qc_desk", "cutting_foreman", "assistant_manager", "cane_manager"):
            self.fields[name].queryset = staff
            self.fields[name].empty_label = _("(automatic)")
        self.region_fields = []
        for region in regions:
            name = f"kkw_{region.pk}"
            self.fields[name] = UserChoiceField(
                label=_("KKW of %(region)s") % {"region": region.name},
                queryset=staff,
                required=False,
                empty_label=_("(field staff of the region)"),
            )
            self.region_fields.append((region, name))


class ForumForm(forms.Form):
    mill = forms.ModelChoiceField(label=_("Mill"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ForumKind.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        help_text=_("For a regional forum (FTKW) only."),
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    staff_attendees = UserMultipleChoiceField(
        label=_("Staff present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    farmer_attendees = params.ModelMultipleChoiceField(
        label=_("Farmers present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Other guests"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line, e.g. cooperative or bank."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mills = partner_selectors.mills_visible_to(user)
        self.fields["mill"].queryset = mills
        if mills.count() == 1:
            self.fields["mill"].initial = mills.first()
            self.fields["mill"].widget = forms.HiddenInput()
        self.fields["region"].queryset = partner_selectors.regions_visible_to(user)
        self.fields["staff_attendees"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, mills__in=mills)
            .exclude(role=Role.FARMER)
            .distinct()
            .order_by("first_name", "username")
        )
        self.fields["farmer_attendees"].queryset = partner_selectors.farmers_visible_to(
            user
        ).order_by("region__name", "name")


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = UserChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = routing.mill_staff(forum.mill)
