"""Scoring one applicant against one listed name, and saying why in words.

The name score aligns the applicant's tokens one-to-one with the listed name's tokens
(order ignored), each pair scored with rapidfuzz's ratio. It blends how much of the
applicant's name is found in the listed name with how much of the listed name is found
in the applicant's, where the listed name's surname and first given name weigh fully and
its middle names (patronymics, second given names) and initials weigh less: a missing
middle name costs little, a missing surname a lot. Date of birth and nationality then
raise or lower the score by the points in :mod:`screening.constants`.

Everything here is pure (no database), so the index and the naive baseline use the very
same scorer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from screening.constants import FIELD_DATE_OF_BIRTH, FIELD_NAME, FIELD_NATIONALITY, Params
from screening.countries import country_name
from screening.normalise import NormalisedName, skeleton

FULL_WEIGHT = 1.0
MIDDLE_WEIGHT = 0.35
INITIAL_WEIGHT = 0.3
INITIAL_SIM = 0.9
# Share of the name score that says how much of the applicant's name the listed name
# covers; the rest says how much of the listed name the applicant's covers.
QUERY_SHARE = 0.5
# A listed surname's second and later words (the maternal surname of a Hispanic name, a
# tribal or family name after the father's): often left out by the person themselves.
EXTRA_SURNAME_WEIGHT = 0.5
# Consonant-skeleton agreement (names written without short vowels) counts this much.
SKELETON_SIM = 0.92
SKELETON_MIN_LENGTH = 3


def _weight(token: str, base: float) -> float:
    return INITIAL_WEIGHT if len(token) == 1 else base


def query_weights(name: NormalisedName) -> tuple[float, ...]:
    """Every applicant token weighs the same (so their order cannot matter), initials less."""
    return tuple(_weight(t, FULL_WEIGHT) for t in name.tokens)


def listed_weights(name: NormalisedName) -> tuple[float, ...]:
    """Surname and first given name weigh fully; middle names and initials less.

    Every word of an organisation's name weighs the same."""
    if name.organisation:
        return tuple(_weight(t, FULL_WEIGHT) for t in name.tokens)
    if name.structured:
        given = tuple(_weight(t, FULL_WEIGHT if i == 0 else MIDDLE_WEIGHT) for i, t in enumerate(name.given))
        return given + tuple(
            _weight(t, FULL_WEIGHT if i == 0 else EXTRA_SURNAME_WEIGHT) for i, t in enumerate(name.surname)
        )
    tokens = name.tokens
    last = len(tokens) - 1
    return tuple(_weight(t, FULL_WEIGHT if i in (0, last) else MIDDLE_WEIGHT) for i, t in enumerate(tokens))


def token_similarity(a: str, b: str, cutoff: float) -> float:
    """0-1 similarity of two tokens; below ``cutoff`` (0-100) it counts as nothing."""
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    score = fuzz.ratio(a, b, score_cutoff=cutoff)
    return score / 100.0


def skeleton_similarity(a: str, b: str) -> float:
    """0-1 agreement of two tokens' consonants (for names written in Arabic or Persian script)."""
    sa, sb = skeleton(a), skeleton(b)
    if min(len(sa), len(sb)) < SKELETON_MIN_LENGTH:
        return SKELETON_SIM if sa == sb else 0.0  # "ly" (علی) and "ali": short ones must agree exactly
    score = fuzz.ratio(sa, sb)
    return SKELETON_SIM * score / 100.0 if score >= 80 else 0.0


Similarity = Callable[[str, str], float]


@dataclass(frozen=True)
class Alignment:
    score: float  # 0-100
    query_coverage: float  # 0-1
    listed_coverage: float  # 0-1
    pairs: tuple[tuple[int, int, float], ...]  # (query index, listed index, similarity)


def align(
    q_tokens: Sequence[str],
    q_weights: Sequence[float],
    c_tokens: Sequence[str],
    c_weights: Sequence[float],
    sim: Similarity,
) -> Alignment:
    """Greedy one-to-one alignment, best pairs first.

    Ties are broken by the tokens' text and the listed position, never by the applicant's
    token order, so reordering the applicant's name cannot change the result.
    """
    candidates = []
    for i, qt in enumerate(q_tokens):
        for j, ct in enumerate(c_tokens):
            s = sim(qt, ct)
            if s > 0.0:
                candidates.append((-s, -c_weights[j], qt, j, i))
    candidates.sort()
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    q_sum = c_sum = 0.0
    for neg_s, _neg_w, _qt, j, i in candidates:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        s = -neg_s
        pairs.append((i, j, s))
        q_sum += q_weights[i] * s
        c_sum += c_weights[j] * s
    q_total = sum(q_weights) or 1.0
    c_total = sum(c_weights) or 1.0
    q_cov = q_sum / q_total
    c_cov = c_sum / c_total
    score = 100.0 * (QUERY_SHARE * q_cov + (1.0 - QUERY_SHARE) * c_cov)
    return Alignment(score=score, query_coverage=q_cov, listed_coverage=c_cov, pairs=tuple(pairs))


def _joined(tokens: Sequence[str], weights: Sequence[float], i: int) -> tuple[list[str], list[float]]:
    return (
        [*tokens[:i], tokens[i] + tokens[i + 1], *tokens[i + 2 :]],
        [*weights[:i], max(weights[i], weights[i + 1]), *weights[i + 2 :]],
    )


def align_flexible(
    q_tokens: Sequence[str],
    q_weights: Sequence[float],
    c_tokens: Sequence[str],
    c_weights: Sequence[float],
    sim: Similarity,
) -> Alignment:
    """:func:`align`, also trying two adjacent words of either side written as one
    ("Abdul Rahman" / "Abdulrahman", "Maung Maung" / "Maungmaung"); the best alignment wins.

    Only tried when the plain alignment leaves words of both sides unmatched."""
    best = align(q_tokens, q_weights, c_tokens, c_weights, sim)
    if len(best.pairs) == min(len(q_tokens), len(c_tokens)) and best.score >= 99.0:
        return best
    if len(best.pairs) >= max(len(q_tokens), len(c_tokens)):
        return best
    c_lengths = {len(t) for t in c_tokens}
    q_lengths = {len(t) for t in q_tokens}

    def fits(length: int, lengths: set[int]) -> bool:  # a joined word can only match one of about its length
        return any(abs(length - other) <= 2 for other in lengths)

    for i in range(len(q_tokens) - 1):
        a, b = q_tokens[i], q_tokens[i + 1]
        if len(a) > 1 and len(b) > 1 and fits(len(a) + len(b), c_lengths):
            tokens, weights = _joined(q_tokens, q_weights, i)
            other = align(tokens, weights, c_tokens, c_weights, sim)
            if other.score > best.score:
                best = other
    for j in range(len(c_tokens) - 1):
        a, b = c_tokens[j], c_tokens[j + 1]
        if len(a) > 1 and len(b) > 1 and fits(len(a) + len(b), q_lengths):
            tokens, weights = _joined(c_tokens, c_weights, j)
            other = align(q_tokens, q_weights, tokens, weights, sim)
            if other.score > best.score:
                best = other
    return best


def upper_bound(query_best: float) -> float:
    """The best name score a listed name can reach when the applicant's tokens it shares
    cover ``query_best`` (0-1, weighted) of the applicant's name."""
    return 100.0 * (QUERY_SHARE * query_best + (1.0 - QUERY_SHARE))


# --- Date of birth and nationality ------------------------------------------------------


@dataclass(frozen=True)
class DobSpan:
    start: date
    end: date
    precision: str
    circa: bool
    text: str

    @classmethod
    def from_json(cls, data: dict) -> DobSpan:
        return cls(
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]),
            precision=data.get("precision", "day"),
            circa=bool(data.get("circa")),
            text=data.get("text", ""),
        )

    def widened(self, years: int) -> tuple[date, date]:
        if not self.circa:
            return self.start, self.end
        pad = timedelta(days=round(365.25 * years))
        return self.start - pad, self.end + pad


@dataclass(frozen=True)
class Evidence:
    """How one field (date of birth, nationality) moved the score, and why."""

    points: float
    outcome: str  # exact, within, transposed, near, conflict, not_listed, not_given, match, mismatch
    listed: str = ""  # the listed value it was compared with

    @property
    def supports(self) -> bool:
        return self.points > 0


def dob_evidence(applicant: date | None, spans: Sequence[DobSpan], params: Params) -> Evidence:
    if applicant is None:
        return Evidence(0.0, "not_given")
    if not spans:
        return Evidence(0.0, "not_listed")
    circa_years = params.dob_circa_years
    for span in spans:
        if span.precision == "day" and not span.circa and span.start == applicant:
            return Evidence(params.dob_exact_bonus, "exact", span.text)
    for span in spans:
        start, end = span.widened(circa_years)
        if start <= applicant <= end:
            return Evidence(params.dob_within_bonus, "within", span.text)
    for span in spans:
        if span.precision == "day" and not span.circa and applicant.day <= 12:
            try:
                swapped = applicant.replace(month=applicant.day, day=applicant.month)
            except ValueError:
                continue
            if swapped == span.start:
                return Evidence(params.dob_transposed_bonus, "transposed", span.text)
    near_days = 365.25 * params.dob_near_years
    nearest, nearest_text = None, ""
    for span in spans:
        start, end = span.widened(circa_years)
        distance = (start - applicant).days if applicant < start else (applicant - end).days
        if nearest is None or distance < nearest:
            nearest, nearest_text = distance, span.text
    if nearest is not None and nearest <= near_days:
        return Evidence(params.dob_near_penalty, "near", nearest_text)
    listed = "; ".join(span.text for span in spans)
    return Evidence(params.dob_conflict_penalty, "conflict", listed)


def nationality_evidence(applicant: str, listed: Sequence[str], params: Params) -> Evidence:
    if not applicant:
        return Evidence(0.0, "not_given")
    if not listed:
        return Evidence(0.0, "not_listed")
    names = ", ".join(country_name(code) for code in listed)
    if applicant.upper() in listed:
        return Evidence(params.nationality_bonus, "match", names)
    return Evidence(params.nationality_mismatch, "mismatch", names)


def final_score(name_score: float, dob: Evidence, nationality: Evidence) -> float:
    return max(0.0, min(100.0, name_score + dob.points + nationality.points))


def matched_fields(dob: Evidence, nationality: Evidence) -> list[str]:
    fields = [FIELD_NAME]
    if dob.supports:
        fields.append(FIELD_DATE_OF_BIRTH)
    if nationality.supports:
        fields.append(FIELD_NATIONALITY)
    return fields


# --- Components and explanation --------------------------------------------------------


def part_similarity(part: Sequence[str], target: Sequence[str], cutoff: float) -> float:
    """0-100: each token of ``part`` against its best token in ``target``, averaged."""
    if not part or not target:
        return 0.0
    best = [max(token_similarity(p, t, cutoff) for t in target) for p in part]
    return 100.0 * sum(best) / len(best)


def components(
    query: NormalisedName,
    listed: NormalisedName,
    alignment: Alignment,
    dob: Evidence,
    nationality: Evidence,
    cutoff: float,
) -> dict[str, float]:
    surname_target = listed.surname if listed.structured and listed.surname else listed.tokens
    given_target = listed.given if listed.structured else listed.tokens
    return {
        "name": round(alignment.score, 1),
        "token_sort": round(fuzz.token_sort_ratio(query.text, listed.text), 1),
        "token_set": round(fuzz.token_set_ratio(query.text, listed.text), 1),
        "surname": round(part_similarity(query.surname, surname_target, cutoff), 1),
        "given_names": round(part_similarity(query.given, given_target, cutoff), 1),
        "date_of_birth": round(dob.points, 1),
        "nationality": round(nationality.points, 1),
    }


def _points(value: float) -> str:
    return f"{value:+.0f}"


def explain(
    *,
    applicant_name: str,
    applicant_dob: date | None,
    applicant_nationality: str,
    matched_name: str,
    matched_alias: bool,
    entry_uid: str,
    list_label: str,
    name_score: float,
    dob: Evidence,
    nationality: Evidence,
    score: float,
    threshold: float,
) -> str:
    """One paragraph, in the active language, that an official can read aloud."""
    which = _("an alias") if matched_alias else _("the listed name")
    sentences = [
        _(
            "The name “%(applicant)s” resembles “%(matched)s”, %(which)s of entry %(uid)s on %(list)s "
            "(name score %(name_score).0f of 100)."
        )
        % {
            "applicant": applicant_name,
            "matched": matched_name,
            "which": which,
            "uid": entry_uid,
            "list": list_label,
            "name_score": name_score,
        }
    ]
    dob_text = applicant_dob.isoformat() if applicant_dob else ""
    dob_values = {"dob": dob_text, "listed": dob.listed, "points": _points(dob.points)}
    dob_sentences = {
        "exact": _("The date of birth %(dob)s is listed for this entry (%(points)s)."),
        "within": _("The date of birth %(dob)s falls within the listed date of birth %(listed)s (%(points)s)."),
        "transposed": _(
            "The date of birth %(dob)s matches the listed %(listed)s with day and month swapped (%(points)s)."
        ),
        "near": _("The date of birth %(dob)s is close to, but not the same as, the listed %(listed)s (%(points)s)."),
        "conflict": _("The date of birth %(dob)s conflicts with the listed %(listed)s (%(points)s)."),
        "not_listed": _("The entry lists no date of birth."),
        "not_given": _("No date of birth was given."),
    }
    sentences.append(dob_sentences[dob.outcome] % dob_values)
    nat_values = {
        "country": country_name(applicant_nationality),
        "listed": nationality.listed,
        "points": _points(nationality.points),
    }
    if nationality.outcome == "match":
        sentences.append(_("The nationality %(country)s is listed for this entry (%(points)s).") % nat_values)
    elif nationality.outcome == "mismatch":
        sentences.append(_("The nationality %(country)s is not among the listed %(listed)s.") % nat_values)
    elif nationality.outcome == "not_listed" and applicant_nationality:
        sentences.append(_("The entry lists no nationality."))
    sentences.append(
        _("Final score %(score).0f; a hit needs %(threshold).0f.") % {"score": score, "threshold": threshold}
    )
    return " ".join(sentences)
