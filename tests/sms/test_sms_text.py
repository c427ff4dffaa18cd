"""GSM-7 or UCS-2, septets counted exactly, parts of 160/153 and 70/67, and the characters
Indonesian text brings from word processors replaced first."""

from notices.sms_text import GSM7, UCS2, fit, is_gsm7, length, normalise, split


def test_plain_indonesian_is_gsm7_one_septet_a_character():
    text = "DO belum dibayar: 2, total Rp 1.234.567."
    assert is_gsm7(text)
    assert split(text).encoding == GSM7
    assert split(text).units == len(text) == 40


def test_extension_characters_count_two_septets():
    assert length("[DO]", GSM7) == 6
    assert length("€ 5 {ok} ~ ^ | \\", GSM7) == 23  # 7 extension characters of 2, 9 basic
    assert split("a€").units == 3


def test_exactly_160_septets_is_one_sms_and_161_is_two_of_153_and_8():
    assert split("a" * 160).parts == ("a" * 160,)
    parts = split("a" * 161).parts
    assert [len(p) for p in parts] == [153, 8]


def test_an_extension_character_is_never_cut_in_two():
    text = "a" * 152 + "€" + "b" * 10  # 152 + 2 + 10 = 164 septets: split
    parts = split(text).parts
    assert parts[0] == "a" * 152  # the euro (2 septets) would make 154 in the first part
    assert parts[1] == "€" + "b" * 10
    assert split(text).units == 164


def test_dashes_quotes_ellipsis_middle_dot_and_nbsp_become_plain():
    text = "Rendemen 7,85 % – “baik” … petak U·001\u00a0selesai — ‘ok’"
    assert normalise(text) == "Rendemen 7,85 % - \"baik\" ... petak U-001 selesai - 'ok'"
    assert split(text).encoding == GSM7


def test_a_character_outside_gsm7_makes_the_text_ucs2_of_70_and_67():
    text = "Tebu ✓" + "x" * 64  # 70 code units
    assert not is_gsm7(text)
    assert split(text).encoding == UCS2
    assert len(split(text).parts) == 1
    parts = split(text + "y").parts
    assert [len(p) for p in parts] == [67, 4]


def test_an_emoji_takes_two_ucs2_units_and_is_not_split():
    text = "x" * 66 + "😀" + "y" * 5  # 66 + 2 + 5 = 73 units
    result = split(text)
    assert result.units == 73
    assert result.parts == ("x" * 66, "😀" + "y" * 5)


def test_fit_keeps_what_fits_in_two_parts_and_marks_the_cut():
    assert fit("pendek") == "pendek"
    cut = fit("kata " * 100)
    assert cut.endswith("...")
    assert len(split(cut).parts) == 2
    assert split(cut).units <= 2 * 153
    one = fit("a" * 200, max_parts=1)
    assert one == "a" * 157 + "..."
    assert len(split(one).parts) == 1
