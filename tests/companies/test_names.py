"""The name keys: what makes two names the same, and what keeps them apart (§2.4)."""

import pytest

from companies import names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Fotoluks OÜ", "Photolux OÜ"),  # the register's own example
        ("Päikese Kodu OÜ", "OÜ Päikesekodu"),  # spacing, legal form at either end
        ("Wiking OÜ", "Viking osaühing"),  # w/v, either legal form
        ("Metsa OÜ", "Mets OÜ"),  # a grammatical ending
        ("Tallinna Pagarid OÜ", "tallinna pagar oü"),  # plural ending, case
        ("Qvarts OÜ", "Kvarts OÜ"),  # q/kv
        ("Syyl OÜ", "Siil OÜ"),  # y/i and doubled letters
        ("Ökoloog OÜ", "Okolog OÜ"),  # diacritics, doubled letters
        ("Mega-Tech!! OÜ", "Megatech OÜ"),  # punctuation
    ],
)
def test_names_that_are_not_distinguishable_have_the_same_key(a, b):
    assert names.name_key(a) == names.name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Pill OÜ", "Lill OÜ"), ("Mets OÜ", "Mesi OÜ"), ("Sild OÜ", "Kild OÜ")])
def test_names_the_register_keeps_apart_have_different_keys(a, b):
    assert names.name_key(a) != names.name_key(b)
    assert names.sound_key(a) != names.sound_key(b)
    assert names.similarity(names.name_key(a), names.name_key(b)) < 0.5


def test_sound_alike_letters_meet_in_the_sound_key():
    assert names.name_key("Baltic Trade OÜ") != names.name_key("Paltik Trade OÜ")
    assert names.sound_key("Baltic Trade OÜ") == names.sound_key("Paltik Trade OÜ")


def test_legal_form_at_start_or_end_only():
    assert names.split_legal_form("OÜ Mets").position == "start"
    assert names.split_legal_form("Mets osaühing").position == "end"
    assert names.split_legal_form("Mets OÜ Grupp").legal_form == ""
    assert names.display_normalised("  mets   oü ") == "mets OÜ"


def test_alphabet():
    assert names.outside_alphabet("Šokolaad & Žürii OÜ") == []
    assert names.outside_alphabet("Café Ørsted OÜ") == ["é", "ø"]
    assert names.outside_alphabet("Москва OÜ")


def test_similarity_matches_pg_trgm_on_one_word():
    # PostgreSQL: SELECT similarity('word', 'words') answers 0.5714286 (4 shared of 7)
    assert names.similarity("word", "words") == pytest.approx(4 / 7)
