"""Names with a legal form found word by word (issue 20: names are names); invented names only."""
from __future__ import annotations

import pytest

from esgkg.extract.text import ORG_NAME, ORG_NAME_PREFIXED


def _names(text: str) -> list[str]:
    return [m.group(0) for m in ORG_NAME.finditer(text)]


@pytest.mark.parametrize("text,name", [
    ("In 2024 Pike & Co. Logistics Limited opened a depot.", "Pike & Co. Logistics Limited"),
    ("We buy steel from Öresund Valsverk AB every year.", "Öresund Valsverk AB"),
    ("Our partner Ωmega Λίθος S.A. supplies marble.", "Ωmega Λίθος S.A."),
    ("The order went to Банк Вега GmbH in May.", "Банк Вега GmbH"),
    ("Cement comes from Banca di Valle S.p.A. and others.", "Banca di Valle S.p.A."),
    ("The plant of Huis van Tarn B.V. was certified.", "Huis van Tarn B.V."),
    ("Casa d'Orsino SpA joined the programme.", "Casa d'Orsino SpA"),
    ("Orders from Cable Works \"Big Red\" Tarnow Sp. z o.o. grew.", "Cable Works \"Big Red\" Tarnow Sp. z o.o."),
    ("The Acme (Mexico) Co., Ltd. site passed the audit.", "Acme (Mexico) Co., Ltd."),
    ("We hold Kestrel Trust Company Limited shares.", "Kestrel Trust Company Limited"),
    ("Carbon Intensity\u2014Vell Walden Limited fell.", "Vell Walden Limited"),
])
def test_names_with_a_legal_form(text, name):
    assert name in _names(text)


@pytest.mark.parametrize("text", [
    "Urea 640 KG per hectare and Report Principles 102 Company",  # a number before the form
    "the bank of Limited scope",  # lower case, and 'of' before the form
    "In The Company we trust.",  # clause openers are no name words
    "Vell Mining 2024 Limited",  # a number before the form
])
def test_no_name(text):
    assert _names(text) == []


def test_two_names_in_a_row_and_a_name_at_a_position():
    text = "Vell SA Holdings Co., Ltd. and Tarn Mining plc"
    assert _names(text) == ["Vell SA", "Holdings Co., Ltd.", "Tarn Mining plc"]
    assert ORG_NAME.match(text, text.index("Tarn")).group(0) == "Tarn Mining plc"
    assert ORG_NAME.match(text, text.index("and")) is None
    assert ORG_NAME.fullmatch("Vell SA Holdings Co., Ltd.") is not None  # past the first form to the end
    assert ORG_NAME.fullmatch("Vell SA Holdings") is None


def test_prefixed_names():
    assert [m.group(0) for m in ORG_NAME_PREFIXED.finditer("Owned by PJSC Vega Steel. PT \"Sinar Tarn\" Tbk.")] == [
        "PJSC Vega Steel", "PT \"Sinar Tarn\""]
    assert ORG_NAME_PREFIXED.search("(PTD) Vega") is None


def test_long_runs_stay_bounded():
    """At most 25 words: a run of capitalised words before a form starts at the 25th word back."""
    words = [f"Word{chr(65 + i % 26)}{chr(97 + i // 26)}" for i in range(40)]
    (found,) = _names(" ".join(words) + " Limited")
    assert found.split()[0] == words[15] and found.endswith(words[39] + " Limited")


@pytest.mark.parametrize("prefix,name", [
    ("  • Cedar Energy obtained the certificate", "Cedar Energy"),
    ("Bank of Tarn will cut its emissions", "Bank of Tarn"),
    ("Vell Pilots\tGamma Row has", "Vell Pilots\tGamma Row"),  # the longest name before the verb
    ("Cedar Energy holdsx", None),  # no verb of the list
    ("Cedar obtained", None),  # one word is no name here
    ("A B C D E F G H has", None),  # at most seven words
])
def test_subject_name_is_a_word_walk(prefix, name):
    from esgkg.extract.base import subject_name

    assert subject_name(prefix) == name
