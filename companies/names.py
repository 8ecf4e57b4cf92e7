"""Business names: the legal form, the alphabet, and the keys two names are compared by.

Estonia's rule (Commercial Code § 7, estonia-facts §2.4): a name must be *clearly
distinguishable* from every name in the register, by spelling and by sound, and grammatical
endings do not count as a difference. "Fotoluks" and "Photolux" conflict; "Pill" and
"Lill" do not. Two keys capture that:

- ``name_key``: the name without its legal form, lower case, without diacritics,
  punctuation or spaces, with common loan spellings folded (ph→f, w→v, q→kv, x→ks, c→k,
  y→i), doubled letters made single, and Estonian case endings taken off each word.
- ``sound_key``: the name key with letters that sound alike in Estonian folded further
  (b→p, g→k, d→t, z→s, a word's first h dropped).

Equal keys are a conflict; a trigram similarity above a setting is one too, and a lower
one is a warning the registrar sees. Pure functions, no database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Legal forms of a private limited company, as they may be written (compared lower case).
LEGAL_FORMS = ("osaühing", "oü")
LEGAL_FORM_LABEL = "OÜ"

# The Estonian-Latin alphabet: the 26 Latin letters and š ž õ ä ö ü (Commercial Code § 7 (1)).
_LETTERS = set("abcdefghijklmnopqrstuvwxyzšžõäöü")
_ALLOWED_OTHER = set("0123456789 &-.,'’\"()!?+/@:")

# Case endings of Estonian nouns, longest first; one is taken off a word of more than five
# letters when at least four letters remain (short words keep theirs: "Pill" stays "pil").
_CASE_ENDINGS = (
    "desse",
    "tesse",
    "dele",
    "tele",
    "delt",
    "telt",
    "dest",
    "test",
    "sse",
    "lle",
    "lt",
    "le",
    "ga",
    "ta",
    "st",
    "ks",
    "ni",
    "na",
    "de",
    "te",
    "id",
    "d",
)
_GENITIVE_VOWELS = "aeiu"

_LOAN_SPELLINGS = (("ph", "f"), ("ck", "k"), ("qu", "kv"), ("q", "kv"), ("w", "v"), ("x", "ks"), ("c", "k"), ("y", "i"))
_SOUND_ALIKE = str.maketrans({"b": "p", "g": "k", "d": "t", "z": "s"})
_DOUBLED = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tidy(name: str) -> str:
    return " ".join((name or "").replace("\u00a0", " ").split())


@dataclass(frozen=True)
class SplitName:
    core: str  # the name without its legal form, as written
    legal_form: str  # "OÜ" when the form is present at the start or the end, else ""
    position: str  # "start", "end" or ""


def split_legal_form(name: str) -> SplitName:
    """Find "OÜ"/"osaühing" at the start or end (as its own word, any case)."""
    text = _tidy(name)
    words = text.split(" ")
    if len(words) >= 1 and text:
        last = words[-1].strip(",.").lower()
        if last in LEGAL_FORMS:
            return SplitName(" ".join(words[:-1]).rstrip(" ,"), LEGAL_FORM_LABEL, "end")
        first = words[0].strip(",.").lower()
        if first in LEGAL_FORMS:
            return SplitName(" ".join(words[1:]).lstrip(" ,"), LEGAL_FORM_LABEL, "start")
    return SplitName(text, "", "")


def outside_alphabet(name: str) -> list[str]:
    """Characters that are neither Estonian-Latin letters nor allowed digits/punctuation."""
    bad: list[str] = []
    for ch in _tidy(name).lower():
        if ch in _LETTERS or ch in _ALLOWED_OTHER:
            continue
        if ch not in bad:
            bad.append(ch)
    return bad


def _stem(word: str) -> str:
    if len(word) > 5:
        for ending in _CASE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    if len(word) >= 5 and word[-1] in _GENITIVE_VOWELS:
        word = word[:-1]
    return word


def _words(core: str) -> list[str]:
    text = _fold_diacritics(core.lower())
    words = []
    for raw in _WORD.findall(text):
        word = raw
        for loan, native in _LOAN_SPELLINGS:
            word = word.replace(loan, native)
        words.append(word)
    return words


def _key(words: list[str]) -> str:
    # Spaces do not count ("Päikese Kodu" = "Päikesekodu"), and the grammatical ending is
    # the ending of the whole name.
    return _DOUBLED.sub(r"\1", _stem(_DOUBLED.sub(r"\1", "".join(words))))


def name_key(name: str) -> str:
    """The spelling key of a name (its legal form ignored)."""
    return _key(_words(split_legal_form(name).core))


def sound_key(name: str) -> str:
    """The sound key: the spelling key with sound-alike letters folded."""
    words = [w[1:] if w.startswith("h") and len(w) > 2 else w for w in _words(split_legal_form(name).core)]
    return _DOUBLED.sub(r"\1", _key(words).translate(_SOUND_ALIKE))


def display_normalised(name: str) -> str:
    """The name as the register writes it: single spaces, the legal form as "OÜ" where it was."""
    split = split_legal_form(name)
    if not split.legal_form:
        return split.core
    return f"{split.core} {LEGAL_FORM_LABEL}" if split.position == "end" else f"{LEGAL_FORM_LABEL} {split.core}"


def words_folded(name: str) -> list[str]:
    """Lower-case words without diacritics (for the protected-word rule)."""
    return list(_WORD.findall(_fold_diacritics(split_legal_form(name).core.lower())))


def trigrams(text: str) -> set[str]:
    """Trigrams the way PostgreSQL's pg_trgm makes them for one word (two spaces before, one after)."""
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity()`` for two keys (shared trigrams over all distinct trigrams)."""
    if not a or not b:
        return 0.0
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb)
