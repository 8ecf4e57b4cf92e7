"""Turning a name as written into comparable tokens.

Both sides, the applicant's name and every listed name, go through the same steps:
transliterate to ASCII (ICU through ``rigour``/``normality``: Cyrillic, Greek, Arabic, Persian,
CJK, Thai, Devanagari, diacritics),
lower-case, drop apostrophes, split on punctuation and hyphens, drop honorifics and
connecting words, join "Abd al-"/"Abu" compounds, and map variant spellings to one form
(tables in :mod:`screening.name_data`). Token order is kept but the scorer ignores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rigour.text.translit import ascii_text

from screening.name_data import (
    ABD_FORMS,
    ABU_FORMS,
    ARTICLES,
    CONNECTORS,
    HONORIFICS,
    LEADING_ONLY_HONORIFICS,
    LEGAL_FORMS,
    SPELLING_RULES,
    VARIANTS,
)

_APOSTROPHES = re.compile(r"['`ʼʻ‘’?]")
# Scripts that leave short vowels unwritten (Arabic, Persian, Urdu, Hebrew, Syriac, Thaana):
# a name written in them is compared by its consonants too (see ``skeleton``).
_ABJAD = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_SKELETON_MAP = str.maketrans({"p": "b", "v": "f", "g": "j", "c": "k", "q": "k"})
_VOWELS = re.compile(r"[aeiouwy]")
_DOUBLES = re.compile(r"(.)\1+")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_ABD_PREFIX = re.compile(r"^abd(?:oul|ul|el|al|ol|ur|ar|us|as|u)?(?=[a-z]{3,}$)")
_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in SPELLING_RULES)


def fold(text: str) -> str:
    """ASCII, lower case, apostrophes removed, every other non-alphanumeric run a space."""
    return _fold(text or "")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    folded = (text if text.isascii() else ascii_text(text)).lower()
    folded = _APOSTROPHES.sub("", folded)
    return _SEPARATORS.sub(" ", folded).strip()


def is_abjad(text: str) -> bool:
    return bool(_ABJAD.search(text or ""))


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """The consonants of a canonical token, as a script without short vowels writes them:
    "muhammad" and محمد (transliterated "mhmd") both give "mhmd"."""
    if len(token) < 2:
        return token
    head = token[0].translate(_SKELETON_MAP)
    rest = _VOWELS.sub("", token[1:].translate(_SKELETON_MAP))
    out = _DOUBLES.sub(r"\1", ("" if head in "aeiouwy" else head) + rest)
    if len(out) > 2 and out.endswith("h"):  # a final -ah/-eh is written with a silent h (ه)
        out = out[:-1]
    return out or token


@lru_cache(maxsize=65536)
def canonical_token(token: str) -> str:
    """One folded token in its canonical spelling (variant table, then spelling rules)."""
    token = VARIANTS.get(token, token)
    for pattern, replacement in _RULES:
        token = pattern.sub(replacement, token)
    return token


def _person_prefixes() -> frozenset[str]:
    """One-word honorifics of rigour's maintained list (OpenSanctions), folded, plus ours."""
    from rigour._core import person_name_prefixes_list

    words = {_fold(p).strip() for p in person_name_prefixes_list()}
    return frozenset(w for w in words if w and " " not in w and w not in {"the"}) | HONORIFICS


TITLES = _person_prefixes() - LEADING_ONLY_HONORIFICS


def _drop_titles(tokens: list[str]) -> list[str]:
    kept = [t for t in tokens if t not in TITLES]
    if len(kept) >= 3 and kept[0] in LEADING_ONLY_HONORIFICS:
        kept = kept[1:]
    return kept if kept else tokens


def _drop(tokens: list[str], unwanted: frozenset[str]) -> list[str]:
    kept = [t for t in tokens if t not in unwanted]
    return kept if kept else tokens


def _join_compounds(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (token in ABD_FORMS or token in ABU_FORMS) and i + 1 < len(tokens):
            head = "abd" if token in ABD_FORMS else "abu"
            out.append(head + tokens[i + 1])
            i += 2
            continue
        out.append(_ABD_PREFIX.sub("abd", token))
        i += 1
    return out


def _drop_articles(tokens: list[str]) -> list[str]:
    out = []
    for i, token in enumerate(tokens):
        if token in ARTICLES and i + 1 < len(tokens):
            continue
        out.append(token)
    return out


_ABJAD_ARTICLE = re.compile(r"^(?:al|el)(?=[a-z]{3,}$)")


@lru_cache(maxsize=65536)
def normalise_part(text: str) -> tuple[str, ...]:
    """Canonical tokens of one part of a name (given names, or surname)."""
    tokens = fold(text).split()
    if not tokens:
        return ()
    if is_abjad(text):
        # The article is written joined ("الزهراني" → "alzhrany"); "عبد" loses its ayn ("bd").
        tokens = [_ABJAD_ARTICLE.sub("", "abd" if t == "bd" else t) for t in tokens]
    tokens = _drop_titles(tokens)
    tokens = _drop_articles(tokens)
    tokens = _join_compounds(tokens)
    tokens = _drop(tokens, CONNECTORS)
    return tuple(canonical_token(t) for t in tokens)


@dataclass(frozen=True)
class NormalisedName:
    """A name as canonical tokens, given names first.

    ``structured`` says whether we know which tokens are the surname: always for an
    applicant (separate fields), for a listed name when it is written "SURNAME, Given".
    """

    given: tuple[str, ...]
    surname: tuple[str, ...]
    structured: bool = True
    organisation: bool = False
    abjad: bool = False  # written in a script without short vowels: compare consonants too

    @property
    def tokens(self) -> tuple[str, ...]:
        return self.given + self.surname

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    def __bool__(self) -> bool:
        return bool(self.given or self.surname)


def normalise_person(given_names: str, surname: str) -> NormalisedName:
    """An applicant's name from its two fields."""
    return NormalisedName(
        given=normalise_part(given_names),
        surname=normalise_part(surname),
        abjad=is_abjad(given_names) or is_abjad(surname),
    )


def split_listed(name: str) -> tuple[str, str] | None:
    """(surname, given names) of a listed "SURNAME, Given Names", or None if not in that form."""
    if name.count(",") != 1:
        return None
    surname, given = (part.strip() for part in name.split(","))
    if not surname or not given:
        return None
    return surname, given


@lru_cache(maxsize=65536)
def normalise_organisation(name: str) -> NormalisedName:
    """An organisation's (or vessel's, aircraft's) name: legal forms and initials dropped."""
    tokens = [t for t in fold(name).split() if len(t) > 1]
    tokens = _drop(tokens, LEGAL_FORMS)
    tokens = _drop_articles(tokens)
    tokens = _join_compounds(tokens)
    return NormalisedName(
        given=tuple(canonical_token(t) for t in tokens), surname=(), structured=False, organisation=True
    )


def normalise_listed(name: str, *, individual: bool = True) -> NormalisedName:
    """A name as a list writes it; individuals' "SURNAME, Given" keeps its structure."""
    if not individual:
        return normalise_organisation(name)
    parts = split_listed(name)
    if parts is not None:
        surname, given = parts
        return NormalisedName(given=normalise_part(given), surname=normalise_part(surname))
    return NormalisedName(given=normalise_part(name), surname=(), structured=False)


def display_name(name: str) -> str:
    """ "SURNAME, Given" as "Given SURNAME" (other forms unchanged), for sentences."""
    parts = split_listed(name)
    if parts is None:
        return name
    surname, given = parts
    return f"{given} {surname}"
