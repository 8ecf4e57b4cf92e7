"""Write a synthetic register in the open-data format, for the name-check benchmark and
load tests: ``manage.py generate_register_names --count 1000000 --out var/names.jsonl``."""

import json
import random

from django.core.management.base import BaseCommand
from stdnum.ee import ik

SYLLABLES = [
    "ka",
    "la",
    "ma",
    "na",
    "pa",
    "ra",
    "sa",
    "ta",
    "va",
    "ke",
    "le",
    "me",
    "ne",
    "pe",
    "re",
    "se",
    "te",
    "ve",
    "ki",
    "li",
    "mi",
    "ni",
    "pi",
    "ri",
    "si",
    "ti",
    "vi",
    "ko",
    "lo",
    "mo",
    "no",
    "po",
    "ro",
    "so",
    "to",
    "vo",
    "ku",
    "lu",
    "mu",
    "nu",
    "pu",
    "ru",
    "su",
    "tu",
    "vu",
    "kõ",
    "lä",
    "mö",
    "nü",
    "pä",
    "rõ",
    "sä",
    "tö",
]
WORDS = [
    "Mets",
    "Meri",
    "Kivi",
    "Tamm",
    "Kask",
    "Päike",
    "Koda",
    "Grupp",
    "Tehnika",
    "Ehitus",
    "Teenus",
    "Invest",
    "Trade",
    "Solutions",
    "Digital",
    "Nord",
    "Balti",
]


def names(count: int, seed: int = 11):
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{stem} {rng.choice(WORDS)} OÜ" if rng.random() < 0.6 else f"{stem} OÜ"
        if name not in seen:
            seen.add(name)
            yield name


class Command(BaseCommand):
    help = "Generate COUNT distinct company names with valid registry codes as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--out", required=True)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, count, out, seed, **options):
        if count > 1_000_000:
            self.stderr.write("At most 1,000,000 codes exist with the first digit 1.")
            count = 1_000_000
        with open(out, "w", encoding="utf-8") as handle:
            for serial, name in enumerate(names(count, seed)):
                base = f"1{serial:06d}"
                record = {
                    "registry_code": base + ik.calc_check_digit(base + "0"),  # the last digit is ignored
                    "name": name,
                    "status": "registered",
                    "registered_on": "2015-01-01",
                    "board": [],
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stdout.write(f"{count} names written to {out}.")
