from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    # Django's own wording repeats the field name in Indonesian ("nama pengguna nama pengguna").
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Both are case-sensitive: check the capital letters."
        ),
    }


class DecimalInput(forms.TextInput):
    """A decimal typed on a phone: the numeric keypad (inputmode) without type="number", whose
    browser check rejects or drops the Indonesian decimal comma ("7,5" became 75) and speaks
    English in its bubble. The field below checks the value and says what is wrong."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


def normalise_decimal_mark(value: str) -> str:
    """'7,5' and '7.5' are the same number whatever the page's language: a farmer types the
    comma his DO shows, an officer copies a dot from a spreadsheet. Both marks together, or a
    mark twice, is ambiguous and left for the field to refuse."""
    text = value.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


class DecimalCommaField(forms.DecimalField):
    """A DecimalField that accepts a decimal comma or point and shows the value the way the
    page's language writes it. Django's own localisation parses only the active language's
    mark, so an English page refuses "7,5" and an Indonesian one reads "7.500" as 7500 if
    thousand separators are on; this reads one mark either way."""

    widget = DecimalInput

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_decimal_mark(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step attributes: the browser would check them in its own language.
        return forms.Field.widget_attrs(self, widget)
