from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tebu_site.formatting import format_number, to_decimal


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


def normalise_rupiah(value: str) -> str:
    """'Rp 15.000.000', '15.000.000', '15,000,000' and '15000000' are the same amount.

    A mark followed by exactly three digits groups thousands: no rupiah amount has three decimal
    places, and a farmer copies the amount as his DO prints it. One or two digits after the last
    mark are sen. Groups that are not three digits long are left for the field to refuse, never
    guessed at ('1.50.000')."""
    text = value.strip().replace("\xa0", "").replace(" ", "")
    sign = "-" if text.startswith("-") else ""
    text = text.removeprefix("-")
    if text[:2].lower() == "rp":
        text = text[2:].lstrip(".")
    marks = [index for index, char in enumerate(text) if char in ".,"]
    if not marks:
        return sign + text
    decimals = ""
    last = marks[-1]
    if len(text) - last - 1 in (1, 2) or (len(marks) > 1 and text[last] != text[marks[0]]):
        text, decimals = text[:last], "." + text[last + 1 :]
    groups = text.replace(",", ".").split(".")
    separators = {char for char in text if char in ".,"}
    well_grouped = len(groups) == 1 or (
        len(separators) == 1
        and 1 <= len(groups[0]) <= 3
        and all(len(group) == 3 for group in groups[1:])
    )
    if not well_grouped:
        return value
    return sign + "".join(groups) + decimals


class RupiahInput(DecimalInput):
    """Shows an amount with the thousand dots the DO prints ('15.000.000'); rupiah.js groups the
    digits as they are typed, so a long amount can be read back before it is saved."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "data-rupiah": "", **(attrs or {})})

    def format_value(self, value):
        # What the user typed comes back as typed, to be corrected; only stored amounts regroup.
        number = None if isinstance(value, str) else to_decimal(value)
        if number is None or not number.is_finite():
            return super().format_value(value)
        places = 0 if number == number.to_integral_value() else 2
        return format_number(number, places)


class RupiahField(DecimalCommaField):
    """An amount in rupiah, typed with or without 'Rp' and thousand separators. Not localised:
    the value is plain after normalise_rupiah, and Django's Indonesian parsing would read its
    point as a thousands separator."""

    widget = RupiahInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        kwargs["localize"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_rupiah(value)
        return forms.DecimalField.to_python(self, value)
