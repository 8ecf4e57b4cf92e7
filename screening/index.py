"""The in-memory screening index: built once per process per set of current list versions.

Blocking: every distinct normalised token of the listed names is a key to the names that
contain it. For each applicant token, ``rapidfuzz.process.extract`` finds the similar
keys in one C++ pass (typos and spelling variants included), and only the names reached
through them are scored, and of those only the ones whose best possible score (an upper
bound from the tokens they share) can still reach the hit threshold. A naive scan with
the very same scorer (:meth:`ScreeningIndex.naive_search`) exists for the benchmark and
for the tests that check blocking loses nothing.

The index is rebuilt when the set of current versions changes (a new list version was
loaded, here or in another process): each screening reads the current version ids, one
small query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from screening.constants import EntryKind, NameKind, Params
from screening.exceptions import NoListLoaded
from screening.matcher import (
    Alignment,
    DobSpan,
    Evidence,
    align_flexible,
    dob_evidence,
    final_score,
    listed_weights,
    nationality_evidence,
    query_weights,
    skeleton_similarity,
    token_similarity,
    upper_bound,
)
from screening.normalise import NormalisedName, canonical_token, normalise_listed, skeleton

SKELETON_CUTOFF = 80.0
SKELETON_WEIGHT = 0.92
REACH_CACHE_SIZE = 20_000
INDIVIDUALS = "individual"
OTHERS = "other"


@dataclass(slots=True)
class IndexedEntry:
    id: int
    uid: str
    kind: str
    version_id: int
    primary_name: str
    dobs: tuple[DobSpan, ...]
    countries: tuple[str, ...]


@dataclass(slots=True)
class IndexedName:
    entry: int  # position in ScreeningIndex.entries
    text: str  # as listed
    kind: str
    norm: NormalisedName
    tokens: tuple[str, ...]
    weights: tuple[float, ...]


@dataclass
class Group:
    """The names of one kind of entry (individuals, or everything else) with their keys."""

    names: list[IndexedName] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    postings: list[list[int]] = field(default_factory=list)
    vocab_set: dict[str, int] = field(default_factory=dict)
    skeletons: list[str] = field(default_factory=list)
    skeleton_postings: list[list[int]] = field(default_factory=list)
    reach_cache: dict[tuple, tuple[dict[str, float], dict[int, float]]] = field(default_factory=dict)

    def token_reach(self, token: str, cutoff: float, abjad: bool) -> tuple[dict[str, float], dict[int, float]]:
        """(similar listed tokens → similarity, name → best similarity) for one applicant token.

        Kept per group (so per index build): common tokens ("muhammad") reach thousands of
        names, and applicants share them."""
        key = (token, cutoff, abjad)
        cached = self.reach_cache.get(key)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        best_by_name: dict[int, float] = {}
        for choice, score, pos in process.extract(
            token, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            s = score / 100.0
            found[choice] = s
            for n in self.postings[pos]:
                if s > best_by_name.get(n, 0.0):
                    best_by_name[n] = s
        if abjad:
            for _choice, score, pos in process.extract(
                skeleton(token), self.skeletons, scorer=fuzz.ratio, score_cutoff=SKELETON_CUTOFF, limit=None
            ):
                s = SKELETON_WEIGHT * score / 100.0
                for n in self.skeleton_postings[pos]:
                    if s > best_by_name.get(n, 0.0):
                        best_by_name[n] = s
        # One applicant token written for two listed ones ("Murillomorgan").
        for k in range(3, len(token) - 2):
            left, right = self.vocab_set.get(token[:k]), self.vocab_set.get(token[k:])
            if left is not None and right is not None:
                for n in set(self.postings[left]) & set(self.postings[right]):
                    best_by_name[n] = max(best_by_name.get(n, 0.0), 0.95)
        if len(self.reach_cache) >= REACH_CACHE_SIZE:
            self.reach_cache.clear()
        self.reach_cache[key] = (found, best_by_name)
        return found, best_by_name

    def finish(self) -> None:
        positions: dict[str, int] = {}
        postings: list[list[int]] = []
        for n, name in enumerate(self.names):
            for token in set(name.tokens):
                if len(token) < 2:
                    continue  # initials are no blocking key
                pos = positions.get(token)
                if pos is None:
                    pos = positions[token] = len(postings)
                    postings.append([])
                postings[pos].append(n)
        self.vocab = list(positions)
        self.postings = postings
        self.vocab_set = positions
        skel_pos: dict[str, int] = {}
        skel_postings: list[set[int]] = []
        for token, pos in positions.items():
            key = skeleton(token)
            at = skel_pos.get(key)
            if at is None:
                at = skel_pos[key] = len(skel_postings)
                skel_postings.append(set())
            skel_postings[at].update(postings[pos])
        self.skeletons = list(skel_pos)
        self.skeleton_postings = [sorted(p) for p in skel_postings]


@dataclass(frozen=True)
class Match:
    entry: IndexedEntry
    name: IndexedName
    alignment: Alignment
    dob: Evidence
    nationality: Evidence
    score: float


@dataclass
class ScreeningIndex:
    key: tuple[tuple[int, str], ...]
    versions: dict[int, str]  # version id -> label
    entries: list[IndexedEntry]
    groups: dict[str, Group]
    build_seconds: float = 0.0

    @property
    def name_count(self) -> int:
        return sum(len(g.names) for g in self.groups.values())

    def _groups(self, include_entities: bool, individuals: bool) -> list[Group]:
        chosen = []
        if individuals:
            chosen.append(self.groups[INDIVIDUALS])
        if include_entities:
            chosen.append(self.groups[OTHERS])
        return chosen

    def search(
        self,
        query: NormalisedName,
        *,
        date_of_birth: date | None = None,
        nationality: str = "",
        include_entities: bool = False,
        individuals: bool = True,
    ) -> list[Match]:
        """Every listed entry whose best name scores a hit, best first (one match per entry)."""
        if not query:
            return []
        params = Params.current()
        cutoff = params.token_cutoff
        floor = params.name_floor
        q_tokens = query.tokens
        q_weights = query_weights(query)
        q_total = sum(q_weights) or 1.0
        matches: list[Match] = []
        abjad = query.abjad
        # Adjacent applicant tokens written as one ("Abdul Rahman" / "Abdulrahman").
        joined = [
            (i, q_tokens[i] + q_tokens[i + 1])
            for i in range(len(q_tokens) - 1)
            if len(q_tokens[i]) > 1 and len(q_tokens[i + 1]) > 1
        ]
        for group in self._groups(include_entities, individuals):
            # Similar listed tokens for each applicant token, in one C++ pass each.
            similar: dict[str, dict[str, float]] = {}
            reach: dict[int, dict[int, float]] = {}
            initials_weight = 0.0
            for i, token in enumerate(q_tokens):
                if len(token) < 2:
                    initials_weight += q_weights[i]
                    continue
                if token in similar:
                    reach[i] = reach[q_tokens.index(token)]
                    continue
                found, best_by_name = group.token_reach(token, cutoff, abjad)
                similar[token] = found
                reach[i] = best_by_name
            for i, token in joined:  # two applicant words listed as one: looked up as written
                pos = group.vocab_set.get(canonical_token(token))
                if pos is not None:
                    reach[-1 - i] = dict.fromkeys(group.postings[pos], 1.0)
            covered: dict[int, float] = {}
            for i, best_by_name in reach.items():
                w = q_weights[i] if i >= 0 else q_weights[-1 - i] + q_weights[-i]
                for n, s in best_by_name.items():
                    covered[n] = covered.get(n, 0.0) + w * s

            def sim(a: str, b: str, similar: dict[str, dict[str, float]] = similar, group: Group = group) -> float:
                if len(a) == 1 or len(b) == 1:
                    return token_similarity(a, b, cutoff)
                found = similar.get(a)
                # Every listed token at or above the cutoff is in ``found``; a joined token
                # (either side) is in no blocking table and is compared directly.
                known = found is not None and b in group.vocab_set
                s = found.get(b, 0.0) if known else token_similarity(a, b, cutoff)
                if abjad:
                    s = max(s, skeleton_similarity(a, b))
                return s

            for n, cover in covered.items():
                if upper_bound(min(1.0, (cover + initials_weight) / q_total)) < floor:
                    continue
                name = group.names[n]
                alignment = align_flexible(q_tokens, q_weights, name.tokens, name.weights, sim)
                matches.append(self._match(name, alignment, date_of_birth, nationality, params))
        return self._best_per_entry(matches, params)

    def naive_search(
        self,
        query: NormalisedName,
        *,
        date_of_birth: date | None = None,
        nationality: str = "",
        include_entities: bool = False,
        individuals: bool = True,
    ) -> list[Match]:
        """The same scorer against every name, no blocking: the baseline."""
        if not query:
            return []
        params = Params.current()
        cutoff = params.token_cutoff
        q_tokens = query.tokens
        q_weights = query_weights(query)

        abjad = query.abjad

        def sim(a: str, b: str) -> float:
            s = token_similarity(a, b, cutoff)
            if abjad and len(a) > 1 and len(b) > 1:
                s = max(s, skeleton_similarity(a, b))
            return s

        matches = []
        for group in self._groups(include_entities, individuals):
            for name in group.names:
                alignment = align_flexible(q_tokens, q_weights, name.tokens, name.weights, sim)
                matches.append(self._match(name, alignment, date_of_birth, nationality, params))
        return self._best_per_entry(matches, params)

    # -- helpers --

    def _match(
        self, name: IndexedName, alignment: Alignment, dob: date | None, nationality: str, params: Params
    ) -> Match:
        entry = self.entries[name.entry]
        dob_ev = dob_evidence(dob, entry.dobs, params)
        nat_ev = nationality_evidence(nationality, entry.countries, params)
        return Match(entry, name, alignment, dob_ev, nat_ev, final_score(alignment.score, dob_ev, nat_ev))

    @staticmethod
    def _best_per_entry(matches: list[Match], params: Params) -> list[Match]:
        threshold = params.hit_threshold
        min_name = params.min_name_score
        best: dict[int, Match] = {}
        for m in matches:
            if m.score < threshold or m.alignment.score < min_name:
                continue
            current = best.get(m.entry.id)
            key = (m.score, m.name.kind == NameKind.PRIMARY)
            if current is None or key > (current.score, current.name.kind == NameKind.PRIMARY):
                best[m.entry.id] = m
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.entry.uid))
        return ranked[: params.max_hits]


def build_index(key: tuple[tuple[int, str], ...], labels: dict[int, str]) -> ScreeningIndex:
    from screening.models import Entry, EntryName

    started = time.perf_counter()
    version_ids = [pk for pk, _code in key]
    entries: list[IndexedEntry] = []
    position: dict[int, int] = {}
    rows = (
        Entry.objects.filter(version_id__in=version_ids)
        .order_by("id")
        .values_list(
            "id", "uid", "kind", "version_id", "primary_name", "dates_of_birth", "nationalities", "citizenships"
        )
    )
    for pk, uid, kind, version_id, primary, dobs, nationalities, citizenships in rows.iterator(chunk_size=5000):
        position[pk] = len(entries)
        spans = tuple(DobSpan.from_json(d) for d in dobs or [])
        countries = tuple(dict.fromkeys([*(nationalities or []), *(citizenships or [])]))
        entries.append(IndexedEntry(pk, uid, kind, version_id, primary, spans, countries))
    groups = {INDIVIDUALS: Group(), OTHERS: Group()}
    names = EntryName.objects.filter(version_id__in=version_ids).order_by("id").values_list("entry_id", "name", "kind")
    for entry_id, text, kind in names.iterator(chunk_size=5000):
        at = position.get(entry_id)
        if at is None:
            continue
        individual = entries[at].kind == EntryKind.INDIVIDUAL
        norm = normalise_listed(text, individual=individual)
        if not norm:
            continue
        group = groups[INDIVIDUALS if individual else OTHERS]
        group.names.append(IndexedName(at, text, kind, norm, norm.tokens, listed_weights(norm)))
    for group in groups.values():
        group.finish()
    return ScreeningIndex(
        key=key, versions=labels, entries=entries, groups=groups, build_seconds=time.perf_counter() - started
    )


_lock = threading.Lock()
_index: ScreeningIndex | None = None


def get_index() -> ScreeningIndex:
    """The index for the current list versions, built on first use or when they changed.

    Raises NoListLoaded when no list has a current version.
    """
    global _index
    from screening.selectors import current_version_keys, current_versions

    key = current_version_keys()
    if not key:
        raise NoListLoaded("No sanctions list is loaded.")
    index = _index
    if index is not None and index.key == key:
        return index
    with _lock:
        if _index is not None and _index.key == key:
            return _index
        labels = {v.pk: v.label for v in current_versions()}
        _index = build_index(key, labels)
        return _index


def clear_index() -> None:
    """Forget the built index (tests; after deleting versions by hand)."""
    global _index
    with _lock:
        _index = None
