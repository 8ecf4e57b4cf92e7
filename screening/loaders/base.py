"""What every list loader produces: format-neutral parsed entries.

A loader turns the bytes of one published file into :class:`ParsedEntry` objects; the
service stores them as a new list version. Loaders never touch the database, so a new
format (EU or UN consolidated XML, ...) is one module with one class.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from screening.constants import EntryKind, NameKind


@dataclass
class ParsedDate:
    """One listed date of birth: the text as listed and the span of days it covers."""

    text: str
    start: str  # ISO date, first day the listing allows
    end: str  # ISO date, last day the listing allows
    precision: str  # "day", "month", "year" or "range"
    circa: bool = False

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "circa": self.circa,
        }


@dataclass
class ParsedName:
    name: str  # as listed
    kind: str = NameKind.PRIMARY


@dataclass
class ParsedEntry:
    source_id: str
    kind: str  # EntryKind value
    primary_name: str
    aliases: list[ParsedName] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    title: str = ""
    dates_of_birth: list[ParsedDate] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # ISO alpha-2
    citizenships: list[str] = field(default_factory=list)  # ISO alpha-2
    unmapped_countries: list[str] = field(default_factory=list)
    remarks: str = ""

    @property
    def names(self) -> list[ParsedName]:
        return [ParsedName(self.primary_name, NameKind.PRIMARY), *self.aliases]

    @property
    def is_individual(self) -> bool:
        return self.kind == EntryKind.INDIVIDUAL


@dataclass
class ParseReport:
    """Counts and warnings collected while parsing, kept on the list version."""

    warnings: list[str] = field(default_factory=list)
    unparsed_dates: int = 0
    unmapped_countries: dict[str, int] = field(default_factory=dict)

    def warn(self, text: str) -> None:
        if len(self.warnings) < 200:
            self.warnings.append(text)


class Loader(ABC):
    """One list format. Subclasses set ``format`` and ``label`` and implement ``parse``."""

    format: str = ""
    label: str = ""

    def __init__(self) -> None:
        self.report = ParseReport()

    @abstractmethod
    def parse(self, data: bytes) -> Iterator[ParsedEntry]:
        """Yield every entry of the file; raise ListFormatError on a malformed file."""
