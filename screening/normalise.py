"""Turning a name as written into comparable tokens.

Both sides, the applicant's name and every listed name, go through the same steps:
transliterate to ASCII (``anyascii``: Cyrillic, Greek, Arabic, CJK, Thai, diacritics),
lower-case, drop apostrophes, split on punctuation and hyphens, drop honorifics and
connecting words, join "Abd al-"/"Abu" compounds, and map variant spellings to one form
(tables in :mod:`screening.name_data`). Token order is kept but the scorer ignores it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from screening.name_data import (
    ABD_FORMS,
    ABU_FORMS,
    ARTICLES,
    CONNECTORS,
    HONORIFICS,
    LEGAL_FORMS,
    SPELLING_RULES,
    VARIANTS,
)

_APOSTROPHES = re.compile(r"['`ʼʻ‘’]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_ABD_PREFIX = re.compile(r"^abd(?:oul|ul|el|al|ol|ur|ar|us|as|u)?(?=[a-z]{3,}$)")
_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in SPELLING_RULES)


def fold(text: str) -> str:
    """ASCII, lower case, apostrophes removed, every other non-alphanumeric run a space."""
    ascii_text = anyascii(text or "").lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _SEPARATORS.sub(" ", ascii_text).strip()


@lru_cache(maxsize=65536)
def canonical_token(token: str) -> str:
    """One folded token in its canonical spelling (variant table, then spelling rules)."""
    token = VARIANTS.get(token, token)
    for pattern, replacement in _RULES:
        token = pattern.sub(replacement, token)
    return token


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


@lru_cache(maxsize=65536)
def normalise_part(text: str) -> tuple[str, ...]:
    """Canonical tokens of one part of a name (given names, or surname)."""
    tokens = fold(text).split()
    if not tokens:
        return ()
    tokens = _drop(tokens, HONORIFICS)
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
    return NormalisedName(given=normalise_part(given_names), surname=normalise_part(surname))


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
