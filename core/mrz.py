"""Machine-readable zones of travel documents (ICAO Doc 9303, parts 3, 4 and 5).

TD3 (passports): two lines of 44 characters. TD1 (identity cards): three lines of 30.
Every check digit is verified, then the zone is compared with what the applicant typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from anyascii import anyascii
from django.utils.translation import gettext as _

from core.countries import FROM_MRZ, MRZ_CODES

_WEIGHTS = (7, 3, 1)
_ALLOWED = re.compile(r"^[A-Z0-9<]+$")
# ICAO 9303 part 3, section 6: transliterations that differ from simply dropping the accent.
_ICAO_SPECIAL = {"Ä": "AE", "Å": "AA", "Æ": "AE", "Ö": "OE", "Ø": "OE", "Ü": "UE", "ß": "SS", "Þ": "TH", "Œ": "OE"}


class MrzError(ValueError):
    """The zone cannot be read at all (wrong shape or characters)."""


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise MrzError(_("The character %(char)s cannot appear in a machine-readable zone.") % {"char": ch})


def check_digit(data: str) -> str:
    """The 7-3-1 weighted check digit of ICAO 9303 part 3, section 4.9."""
    return str(sum(char_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(data)) % 10)


@dataclass
class Mrz:
    format: str  # "TD1" or "TD3"
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth: str  # YYMMDD
    sex: str
    expiry: str  # YYMMDD
    optional: str
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def split_lines(text: str) -> list[str]:
    """Lines as typed or pasted: blank lines and surrounding spaces removed, upper-cased."""
    lines = [re.sub(r"\s+", "", line).upper() for line in text.replace("\r", "\n").split("\n")]
    return [line for line in lines if line]


def _names(name_field: str) -> tuple[str, str]:
    surname, _sep, given = name_field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _check(errors: list[str], label: str, data: str, digit: str, *, optional: bool = False) -> None:
    if optional and digit == "<" and set(data) <= {"<"}:
        return
    if not digit.isdigit() and not (optional and digit == "<"):
        errors.append(_("The check digit of the %(what)s is not a digit.") % {"what": label})
    elif digit.isdigit() and check_digit(data) != digit:
        errors.append(_("The check digit of the %(what)s does not match.") % {"what": label})


def parse(text: str) -> Mrz:
    """Read a TD3 or TD1 zone and verify its check digits (errors are listed, not raised)."""
    lines = split_lines(text)
    for line in lines:
        if not _ALLOWED.match(line):
            raise MrzError(_("A machine-readable zone contains only the letters A–Z, digits and the < sign."))
    if len(lines) == 2 and all(len(line) == 44 for line in lines):
        return _parse_td3(lines)
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        return _parse_td1(lines)
    raise MrzError(
        _(
            "Type the zone exactly as printed: two lines of 44 characters for a passport, "
            "or three lines of 30 characters for an identity card."
        )
    )


def _parse_td3(lines: list[str]) -> Mrz:
    l1, l2 = lines
    errors: list[str] = []
    surname, given = _names(l1[5:44])
    _check(errors, _("document number"), l2[0:9], l2[9])
    _check(errors, _("date of birth"), l2[13:19], l2[19])
    _check(errors, _("expiry date"), l2[21:27], l2[27])
    _check(errors, _("personal number"), l2[28:42], l2[42], optional=True)
    _check(errors, _("whole zone (composite)"), l2[0:10] + l2[13:20] + l2[21:43], l2[43])
    return Mrz(
        format="TD3",
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        surname=surname,
        given_names=given,
        document_number=l2[0:9].rstrip("<"),
        nationality=l2[10:13].rstrip("<"),
        birth=l2[13:19],
        sex=l2[20],
        expiry=l2[21:27],
        optional=l2[28:42].rstrip("<"),
        errors=errors,
    )


def _parse_td1(lines: list[str]) -> Mrz:
    l1, l2, l3 = lines
    errors: list[str] = []
    number, digit, optional = l1[5:14], l1[14], l1[15:30]
    if digit == "<" and optional.strip("<"):
        # A number longer than 9 characters continues in the optional field, its check
        # digit last before the filler (ICAO 9303 part 5, note j).
        rest = optional.split("<", 1)[0]
        number, digit, optional = number + rest[:-1], rest[-1:], optional[len(rest) :]
    _check(errors, _("document number"), number, digit or "?")
    _check(errors, _("date of birth"), l2[0:6], l2[6])
    _check(errors, _("expiry date"), l2[8:14], l2[14])
    _check(errors, _("whole zone (composite)"), l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
    surname, given = _names(l3)
    return Mrz(
        format="TD1",
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        surname=surname,
        given_names=given,
        document_number=number.rstrip("<"),
        nationality=l2[15:18].rstrip("<"),
        birth=l2[0:6],
        sex=l2[7],
        expiry=l2[8:14],
        optional=(optional + l2[18:29]).strip("<"),
        errors=errors,
    )


# --- Comparing with the typed data ----------------------------------------------------------


def transliterate(text: str, *, icao: bool = True) -> str:
    """Upper-case Latin letters as printed in a zone; separators become spaces."""
    out = []
    for ch in text.upper():
        if icao and ch in _ICAO_SPECIAL:
            out.append(_ICAO_SPECIAL[ch])
        else:
            out.append(anyascii(ch).upper())
    cleaned = re.sub(r"[^A-Z ]", " ", "".join(out).replace("'", ""))
    return " ".join(cleaned.split())


def normalise_document_number(number: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", anyascii(number).upper())


def _yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def _name_matches(zone_value: str, typed: str) -> bool:
    zone = " ".join(zone_value.split())
    for variant in {transliterate(typed), transliterate(typed, icao=False)}:
        if zone == variant:
            return True
        # Long names are truncated in the zone: accept a prefix that ends on the field's edge.
        if zone and len(zone) >= 10 and variant.startswith(zone):
            return True
    return False


def mismatches(
    zone: Mrz,
    *,
    document_type: str,
    document_number: str,
    document_country: str,
    citizenship: str,
    surname: str,
    given_names: str,
    date_of_birth: date | None,
    sex: str,
    document_expiry: date | None,
) -> list[str]:
    """What in the zone disagrees with the typed data (empty list: all agree)."""
    problems: list[str] = []
    expected_format = "TD3" if document_type == "passport" else "TD1"
    if zone.format != expected_format:
        problems.append(
            _("This zone is from an identity card, but you chose a passport.")
            if zone.format == "TD1"
            else _("This zone is from a passport, but you chose an identity card.")
        )
    expected_code = "P" if document_type == "passport" else ("I", "A", "C")
    if not zone.document_code.startswith(expected_code):
        problems.append(_("The document code in the zone does not fit the document type."))
    if document_number and normalise_document_number(document_number) != zone.document_number:
        problems.append(_("The document number in the zone is %(zone)s.") % {"zone": zone.document_number})
    if document_country and MRZ_CODES.get(document_country) != zone.issuing_state:
        problems.append(_("The issuing country in the zone is %(zone)s.") % {"zone": zone.issuing_state})
    if citizenship and MRZ_CODES.get(citizenship) != zone.nationality:
        problems.append(_("The nationality in the zone is %(zone)s.") % {"zone": zone.nationality})
    if date_of_birth and _yymmdd(date_of_birth) != zone.birth:
        problems.append(_("The date of birth in the zone differs from the one you typed."))
    if document_expiry and _yymmdd(document_expiry) != zone.expiry:
        problems.append(_("The expiry date in the zone differs from the one you typed."))
    if sex and zone.sex in {"M", "F"} and sex != zone.sex:
        problems.append(_("The sex in the zone differs from the one you chose."))
    if sex == "X" and zone.sex not in {"<", "X"}:
        problems.append(_("The sex in the zone differs from the one you chose."))
    if surname and not _name_matches(zone.surname, surname):
        problems.append(_("The surname in the zone is %(zone)s.") % {"zone": zone.surname})
    if given_names and not _name_matches(zone.given_names, given_names):
        problems.append(_("The given names in the zone are %(zone)s.") % {"zone": zone.given_names})
    return problems


def country_from_zone(code: str) -> str:
    return FROM_MRZ.get(code, "")


# --- Composing zones (demo data and tests) --------------------------------------------------


def _field(text: str, width: int) -> str:
    return text[:width].ljust(width, "<")


def _name_field(surname: str, given_names: str, width: int) -> str:
    sur = transliterate(surname).replace(" ", "<")
    giv = transliterate(given_names).replace(" ", "<")
    return _field(f"{sur}<<{giv}", width)


def compose_td3(
    *,
    surname: str,
    given_names: str,
    number: str,
    issuing: str,
    nationality: str,
    birth: date,
    sex: str,
    expiry: date,
    personal: str = "",
) -> str:
    """A valid TD3 zone (country arguments are ISO alpha-2 codes)."""
    l1 = "P<" + _field(MRZ_CODES[issuing], 3) + _name_field(surname, given_names, 39)
    num = _field(normalise_document_number(number), 9)
    opt = _field(personal, 14)
    opt_digit = check_digit(opt) if personal else "<"
    body = (
        num
        + check_digit(num)
        + _field(MRZ_CODES[nationality], 3)
        + _yymmdd(birth)
        + check_digit(_yymmdd(birth))
        + (sex if sex in {"M", "F"} else "<")
        + _yymmdd(expiry)
        + check_digit(_yymmdd(expiry))
        + opt
        + opt_digit
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return l1 + "\n" + body + check_digit(composite)


def compose_td1(
    *,
    surname: str,
    given_names: str,
    number: str,
    issuing: str,
    nationality: str,
    birth: date,
    sex: str,
    expiry: date,
) -> str:
    """A valid TD1 zone for a document number of at most 9 characters."""
    num = _field(normalise_document_number(number), 9)
    l1 = "I<" + _field(MRZ_CODES[issuing], 3) + num + check_digit(num) + _field("", 15)
    l2 = (
        _yymmdd(birth)
        + check_digit(_yymmdd(birth))
        + (sex if sex in {"M", "F"} else "<")
        + _yymmdd(expiry)
        + check_digit(_yymmdd(expiry))
        + _field(MRZ_CODES[nationality], 3)
        + _field("", 11)
    )
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += check_digit(composite)
    return "\n".join([l1, l2, _name_field(surname, given_names, 30)])
