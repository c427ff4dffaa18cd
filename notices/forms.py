"""The farmer's notification settings: channels and quiet hours, and the phone code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.models import ChannelChoice, NoticePreference
from notices.preferences import quiet_hours_errors


class PreferenceForm(forms.ModelForm):
    channels = forms.ChoiceField(
        label=_("Send my notices by"), choices=ChannelChoice.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = NoticePreference
        fields = ["channels", "quiet_from", "quiet_until"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "quiet_from": _("No SMS from this time (leave both empty for the mill's hours)."),
            "quiet_until": _("SMS held meanwhile are sent at this time."),
        }

    def clean(self):
        data = super().clean()
        for field, messages in quiet_hours_errors(
            data.get("quiet_from"), data.get("quiet_until")
        ).items():
            self.add_error(field, messages)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*"}
        ),
    )
