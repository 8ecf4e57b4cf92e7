"""A held-out evaluation of sanctions screening, never used for tuning.

Built apart from ``bench.eval_screening`` (the tuning set): another seed, other
generators, other name lists. Positives are listed individuals of the OFAC snapshot
written the way the issue's independent evaluation found hard: in Arabic, Persian or
Cyrillic script (by a Latin-to-script writer here, which knows nothing of the matcher's
transliteration), with the second surname left out, with words split or joined, behind
titles and honorifics the normaliser was not written for, with two variations at once,
and half of them with the name alone (no date of birth, no nationality). Negatives are
ordinary names from many locales, a third of them in their native script, with or
without a date of birth.

``cases(index)`` returns (positives, negatives); each case says its variation class or
locale. Never change the matcher to fit a case from here: add the case's kind to the
tuning set's generators instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

SEED = 77_2026
POSITIVES = 1200
NEGATIVES = 4000


@dataclass
class Case:
    given: str
    surname: str
    dob: date | None
    nationality: str
    label: str
    target_uid: str = ""


# --- Latin to Arabic / Persian / Cyrillic script ------------------------------------------------

_AR_DIGRAPHS = {"kh": "خ", "sh": "ش", "th": "ث", "dh": "ذ", "gh": "غ", "ch": "تش", "ou": "و", "oo": "و", "ee": "ي"}
_AR_LETTERS = {
    "b": "ب",
    "t": "ت",
    "j": "ج",
    "h": "ح",
    "d": "د",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "f": "ف",
    "q": "ق",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "w": "و",
    "y": "ي",
    "p": "ب",
    "g": "ج",
    "v": "ف",
    "c": "ك",
    "x": "كس",
}
_FA_CHANGES = {"ي": "ی", "ك": "ک", "تش": "چ"}
_FA_LETTERS = {"p": "پ", "g": "گ", "v": "و", "zh": "ژ", "ch": "چ"}


def to_arabic(word: str, rng: random.Random, *, persian: bool = False) -> str:
    """A Latin-written Arabic or Persian name in the Arabic script, short vowels left out."""
    w = word.lower().replace("-", "")
    if w in ("al", "el"):
        return "ال"
    out = []
    i = 0
    while i < len(w):
        pair = w[i : i + 2]
        if persian and pair in _FA_LETTERS:
            out.append(_FA_LETTERS[pair])
            i += 2
            continue
        if pair in _AR_DIGRAPHS:
            out.append(_AR_DIGRAPHS[pair])
            i += 2
            continue
        c = w[i]
        if i + 1 < len(w) and w[i + 1] == c:  # a doubled letter is written once (shadda unwritten)
            i += 1
            continue
        if c in "aeiou":
            if i == 0:
                out.append("ا" if c in "ae" else ("إ" if c == "i" else "أ"))
            elif i == len(w) - 1:
                out.append({"a": "ا" if rng.random() < 0.5 else "ة", "e": "ه", "i": "ي", "o": "و", "u": "و"}[c])
            elif (c in "ou" and rng.random() < 0.6) or (c in "ie" and rng.random() < 0.4):
                out.append("و" if c in "ou" else "ي")
            elif c == "a" and rng.random() < 0.35:
                out.append("ا")
            i += 1
            continue
        if persian and c in _FA_LETTERS:
            out.append(_FA_LETTERS[c])
        else:
            letter = _AR_LETTERS.get(c, "")
            if c == "h" and i == len(w) - 1:
                letter = "ه"
            out.append(letter)
        i += 1
    text = "".join(out)
    if persian:
        for a, b in _FA_CHANGES.items():
            text = text.replace(a, b)
    return text


_CY = [
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yy", "ый"),
]
_CY_LETTERS = dict(zip("abvgdezijklmnoprstufhcyw", "абвгдезийклмнопрстуфхцыв", strict=True))


def to_cyrillic(word: str) -> str:
    w = word.lower()
    out = []
    i = 0
    while i < len(w):
        for latin, cyr in _CY:
            if w.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            c = w[i]
            out.append("кс" if c == "x" else _CY_LETTERS.get(c, c))
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]


# --- Titles the tuning set never used ------------------------------------------------------------

TITLES = [
    "Eng.",
    "Ing.",
    "Lic.",
    "Don",
    "Hon.",
    "Seyed",
    "Sayyid",
    "Hojatoleslam",
    "Ayatollah",
    "Mufti",
    "Ustadh",
    "Engr.",
    "Arch.",
    "Pr.",
    "Mgr.",
    "Hafiz",
    "Sardar",
    "Alhaji",
    "Chief",
    "Amir",
]

ARAB_COUNTRIES = {
    "IQ",
    "SY",
    "LB",
    "YE",
    "SA",
    "AE",
    "KW",
    "QA",
    "BH",
    "OM",
    "JO",
    "PS",
    "EG",
    "LY",
    "SD",
    "TN",
    "DZ",
    "MA",
}
PERSIAN_COUNTRIES = {"IR", "AF"}
CYRILLIC_COUNTRIES = {"RU", "UA", "BY", "KZ", "KG", "TJ", "UZ", "RS", "BG", "MK"}
JOIN_PARTICLES = ("abdul", "abdel", "abd", "abu", "ullah", "ollah", "uddin", "addin", "din", "rahman", "allah")


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _split_join(rng: random.Random, words: list[str]) -> list[str] | None:
    """Join two words ("Abdul Rahman" → "Abdulrahman") or split one at a particle."""
    for i, w in enumerate(words):
        lower = w.lower()
        for particle in JOIN_PARTICLES:
            if lower.startswith(particle) and len(lower) > len(particle) + 2:
                return [*words[:i], w[: len(particle)], _title(w[len(particle) :]), *words[i + 1 :]]
            if lower.endswith(particle) and len(lower) > len(particle) + 2:
                return [*words[:i], w[: -len(particle)], _title(particle), *words[i + 1 :]]
    if len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        return [*words[:i], words[i] + words[i + 1].lower(), *words[i + 2 :]]
    return None


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


def _variation(rng, kind, given, surname, countries):
    """(given, surname) with one variation, or None if it does not apply to this name."""
    if kind == "arabic_script":
        if not set(countries) & ARAB_COUNTRIES:
            return None
        return [to_arabic(w, rng) for w in given], [to_arabic(w, rng) for w in surname]
    if kind == "persian_script":
        if not set(countries) & PERSIAN_COUNTRIES:
            return None
        return [to_arabic(w, rng, persian=True) for w in given], [to_arabic(w, rng, persian=True) for w in surname]
    if kind == "cyrillic_script":
        if not set(countries) & CYRILLIC_COUNTRIES:
            return None
        return [to_cyrillic(w) for w in given], [to_cyrillic(w) for w in surname]
    if kind == "second_surname_dropped":
        if len(surname) < 2 or any(w.lower() in ("al", "el", "de", "del", "bin", "ibn") for w in surname):
            return None
        return given, surname[:1]
    if kind == "split_join":
        if rng.random() < 0.5 and (new := _split_join(rng, given)) is not None:
            return new, surname
        new = _split_join(rng, surname)
        return (given, new) if new is not None else None
    if kind == "title":
        return [rng.choice(TITLES), *given], surname
    if kind == "typo":
        words = [(p, i) for p, part in enumerate((given, surname)) for i, w in enumerate(part) if len(w) >= 5]
        if not words:
            return None
        p, i = rng.choice(words)
        parts = [list(given), list(surname)]
        parts[p][i] = _typo(rng, parts[p][i])
        return parts[0], parts[1]
    return None


KINDS = ("arabic_script", "persian_script", "cyrillic_script", "second_surname_dropped", "split_join", "title")


def positive_cases(index, rng: random.Random, count: int) -> list[Case]:
    from screening.constants import NameKind
    from screening.normalise import split_listed

    names = [
        n
        for n in index.groups["individual"].names
        if n.kind == NameKind.PRIMARY and split_listed(n.text) is not None and len(n.text) < 60
    ]
    rng.shuffle(names)
    per_kind = dict.fromkeys((*KINDS, "two_variations"), 0)
    quota = count // len(per_kind)
    cases: list[Case] = []
    for name in names:
        if len(cases) >= count:
            break
        entry = index.entries[name.entry]
        surname_text, given_text = split_listed(name.text)
        given = [_title(w) for w in given_text.split()]
        surname = [_title(w) for w in surname_text.split()]
        open_kinds = [k for k, n in per_kind.items() if n < quota]
        if not open_kinds:
            break
        kind = rng.choice(open_kinds)
        if kind == "two_variations":
            first, second = rng.sample(["second_surname_dropped", "split_join", "title", "typo"], 2)
            step = _variation(rng, first, given, surname, entry.countries)
            step = step and _variation(rng, second, step[0], step[1], entry.countries)
            label = "two_variations"
        else:
            step = _variation(rng, kind, given, surname, entry.countries)
            label = kind
        if step is None:
            continue
        new_given, new_surname = step
        if not new_given and not new_surname:
            continue
        per_kind[kind] += 1
        name_only = rng.random() < 0.5
        if name_only or not entry.dobs:
            dob = None
        else:
            span = rng.choice(entry.dobs)
            days = (span.end - span.start).days
            dob = span.start + timedelta(days=rng.randrange(0, days + 1)) if days else span.start
        nationality = "" if name_only or not entry.countries else rng.choice(entry.countries)
        suffix = "/name_only" if name_only else "/with_dob"
        cases.append(Case(" ".join(new_given), " ".join(new_surname), dob, nationality, label + suffix, entry.uid))
    return cases


def _w(text: str) -> list[str]:
    return text.split()


# Ordinary names by locale: (given names, surnames, nationalities). Other names than the tuning set's.
LOCALES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "pt_BR": (
        _w("João Pedro Lucas Gabriel Rafael Thiago Bruno Ana Beatriz Juliana Larissa Fernanda Camila"),
        _w("Silva Santos Oliveira Souza Lima Pereira Ferreira Almeida Costa Ribeiro Carvalho Gomes Barbosa"),
        ["BR", "PT"],
    ),
    "fr_FR": (
        _w("Jean Pierre Louis Nicolas Julien Antoine Camille Chloé Manon Léa Margaux Élodie Amélie"),
        _w("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre"),
        ["FR", "BE"],
    ),
    "it_IT": (
        _w("Giuseppe Marco Luca Alessandro Francesco Matteo Giulia Chiara Francesca Sara Valentina Elisa"),
        _w("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti"),
        ["IT"],
    ),
    "pl_PL": (
        _w("Piotr Krzysztof Tomasz Paweł Michał Marcin Agnieszka Katarzyna Małgorzata Joanna Magdalena"),
        _w("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak"),
        ["PL"],
    ),
    "nl_NL": (
        _w("Jan Pieter Daan Bram Sem Thijs Sanne Anouk Lotte Femke Fleur Ilse"),
        _w("De Jong Jansen De Vries Van den Berg Bakker Visser Smit Meijer Mulder Bos Vos Peters"),
        ["NL"],
    ),
    "sv_SE": (
        _w("Erik Lars Karl Anders Johan Per Nils Astrid Ingrid Karin Maja Elsa Linnea"),
        _w("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson"),
        ["SE"],
    ),
    "fi_FI": (
        _w("Juha Timo Mikko Jari Antti Matti Anna Aino Helmi Sanna Tiina Johanna"),
        _w("Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen"),
        ["FI"],
    ),
    "lv_LV": (
        _w("Jānis Andris Edgars Kristaps Mārtiņš Ilze Inese Kristīne Līga Dace"),
        _w("Bērziņš Kalniņš Ozoliņš Jansons Liepiņš Krūmiņš Balodis Eglītis Zariņš Pētersons"),
        ["LV"],
    ),
    "lt_LT": (
        _w("Jonas Tomas Mantas Lukas Darius Rūta Austėja Eglė Gabija Ieva"),
        _w("Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus Paulauskas"),
        ["LT"],
    ),
    "cs_CZ": (
        _w("Jiří Jan Petr Josef Pavel Tomáš Jana Eva Hana Lenka Kateřina"),
        _w("Novák Svoboda Novotný Dvořák Černý Procházka Kučera Veselý Horák Němec"),
        ["CZ"],
    ),
    "hu_HU": (
        _w("László István József Zoltán Sándor Gábor Mária Erzsébet Katalin Ildikó Zsófia"),
        _w("Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas"),
        ["HU"],
    ),
    "ro_RO": (
        _w("Andrei Mihai Ionuț Alexandru Florin Elena Ioana Andreea Mihaela Cristina"),
        _w("Popescu Ionescu Popa Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu"),
        ["RO", "MD"],
    ),
    "uk_UA": (
        _w("Олександр Андрій Сергій Дмитро Тарас Богдан Оксана Ірина Наталія Ганна Юлія"),
        _w("Мельник Шевченко Бойко Коваленко Бондаренко Ткаченко Кравченко Олійник Лисенко"),
        ["UA"],
    ),
    "ru_RU": (
        _w("Алексей Николай Павел Артём Кирилл Екатерина Анастасия Светлана Дарья Ольга"),
        _w("Соколов Лебедев Козлов Новиков Морозов Волков Соловьёв Васильев Зайцев Павлов"),
        ["RU"],
    ),
    "el_GR": (
        _w("Γιώργος Δημήτρης Κώστας Νίκος Γιάννης Μαρία Ελένη Αικατερίνη Βασιλική Σοφία"),
        _w("Παπαδόπουλος Παπαδάκης Γεωργίου Οικονόμου Νικολάου Δημητρίου Βλάχος Αντωνίου"),
        ["GR", "CY"],
    ),
    "ka_GE": (
        _w("გიორგი დავით ნიკა ლუკა ნინო მარიამ ანა თამარ"),
        _w("ბერიძე კაპანაძე გელაშვილი მაისურაძე გიორგაძე ლომიძე წიკლაური"),
        ["GE"],
    ),
    "hy_AM": (
        _w("Արամ Տիգրան Դավիթ Հայկ Անի Մարիամ Նարե Լուսինե"),
        _w("Հովհաննիսյան Սարգսյան Պետրոսյան Գրիգորյան Խաչատրյան Հարությունյան"),
        ["AM"],
    ),
    "he_IL": (_w("יוסי דוד משה אברהם נועה תמר מיכל שירה"), _w("כהן לוי מזרחי פרץ ביטון דהן אברהם פרידמן"), ["IL"]),
    "ar_EG": (
        _w("محمود مصطفى طارق كريم سمير نبيل رامي وليد زياد بلال فاطمة مريم ليلى سلمى رانيا"),
        _w("حداد خوري منصور صالح حمدان خليل درويش حبيب جابر نصار حجازي بكري"),
        ["EG", "JO", "LB"],
    ),
    "fa_IR": (
        _w("علی رضا مهدی امیر حسین سارا مریم زهرا نرگس پریسا"),
        _w("محمدی حسینی رضایی کریمی موسوی جعفری صادقی رحیمی هاشمی"),
        ["IR"],
    ),
    "ur_PK": (
        _w("Imran Bilal Usman Faisal Kamran Ayesha Sana Mehwish Hina Saba"),
        _w("Khan Malik Qureshi Chaudhry Butt Sheikh Mirza Raja Baig Awan"),
        ["PK"],
    ),
    "hi_IN": (
        _w("राहुल अमित सुनील राजेश विकास प्रिया पूजा नेहा अंजलि सुनीता"),
        _w("शर्मा वर्मा गुप्ता सिंह कुमार पटेल जोशी मिश्रा"),
        ["IN"],
    ),
    "bn_BD": (
        _w("Rahim Karim Jamal Sohel Tanvir Nusrat Farzana Sharmin Taslima"),
        _w("Hossain Islam Rahman Akter Begum Uddin Sarkar Mia Chowdhury"),
        ["BD"],
    ),
    "th_TH": (
        _w("สมชาย สมศักดิ์ ประเสริฐ วิชัย สุชาติ มาลี ศิริพร สุภาพร วิภาวรรณ"),
        _w("แซ่ตั้ง ศรีสุข วงศ์ษา ทองดี บุญมี ใจดี แก้วมณี"),
        ["TH"],
    ),
    "zh_CN": (_w("伟 芳 娜 敏 静 强 磊 军 洋 勇 艳 杰"), _w("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙"), ["CN"]),
    "ja_JP": (_w("翔太 大輝 健太 拓也 美咲 陽菜 さくら 結衣"), _w("佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村"), ["JP"]),
    "ko_KR": (_w("민준 서준 도윤 예준 서연 지우 하은 수아"), _w("김 이 박 최 정 강 조 윤"), ["KR"]),
    "vi_VN": (_w("Bảo Đức Gia Khôi Nhật Thảo Vy Ngân Hà Tú"), _w("Nguyễn Trần Lê Phạm Huỳnh Võ Đặng Bùi"), ["VN"]),
    "id_ID": (
        _w("Budi Agus Dedi Eko Joko Siti Dewi Sri Wulan Rina"),
        _w("Santoso Wijaya Saputra Hidayat Kusuma Pratama Susanto Nugroho"),
        ["ID"],
    ),
    "tl_PH": (
        _w("Jose Juan Mark Paolo Rodel Maricel Jocelyn Rowena Lorna"),
        _w("Dela Cruz Reyes Bautista Ocampo Mendoza Villanueva Aquino Castillo"),
        ["PH"],
    ),
    "sw_KE": (
        _w("Kamau Otieno Mwangi Kipchoge Wanjiru Achieng Nyambura Akinyi"),
        _w("Njoroge Ochieng Kariuki Mutua Wambui Onyango Kiprono Chege"),
        ["KE", "TZ"],
    ),
    "am_ET": (
        _w("Abebe Tesfaye Dawit Yonas Almaz Tigist Meseret Hirut"),
        _w("Bekele Tadesse Haile Girma Alemu Mengistu Kebede Wolde"),
        ["ET"],
    ),
    "es_AR": (
        _w("Santiago Mateo Benjamín Agustina Martina Florencia Micaela"),
        _w("Fernández Gómez Sosa Acosta Benítez Medina Herrera Aguirre Giménez"),
        ["AR", "UY"],
    ),
    "tr_TR": (
        _w("Emre Burak Kerem Onur Tolga Ebru Gizem Pınar Tuğba Seda"),
        _w("Aydoğan Bulut Erdem Güler Keskin Önal Sarı Tekin Uysal Yavuz"),
        ["TR"],
    ),
    "et_EE": (
        _w("Madis Rainer Tanel Ott Kaspar Kairi Triinu Grete Liisi Kaia"),
        _w("Tamm Saar Sepp Kask Rebane Ilves Koppel Lepik Kuusk Raudsepp"),
        ["EE"],
    ),
}


def negative_cases(rng: random.Random, count: int) -> list[Case]:
    locales = sorted(LOCALES)
    cases = []
    for n in range(count):
        locale = locales[n % len(locales)]
        given_names, surnames, nationalities = LOCALES[locale]
        given = [rng.choice(given_names)]
        if rng.random() < 0.3 and (second := rng.choice(given_names)) != given[0]:
            given.append(second)
        surname = rng.choice(surnames)
        name_only = rng.random() < 0.5
        dob = None if name_only else date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 65))
        nationality = "" if name_only else rng.choice(nationalities)
        cases.append(Case(" ".join(given), surname, dob, nationality, locale + ("/name_only" if name_only else "")))
    return cases


def cases(index, *, seed: int = SEED, positives: int = POSITIVES, negatives: int = NEGATIVES):
    rng = random.Random(seed)
    return positive_cases(index, rng, positives), negative_cases(rng, negatives)


# --- Scoring the product on it ---------------------------------------------------------------


@dataclass
class Scored:
    """Per case, the best final score of the target entry (positives) or of any entry (negatives)."""

    positives: list[tuple[Case, float, float]]  # (case, target's final score, its name score)
    negatives: list[tuple[Case, float, float]]  # (case, best final score, its name score)
    median_ms: float


def score_product(index, positives: list[Case], negatives: list[Case]) -> Scored:
    import statistics
    import time

    from django.test import override_settings

    from screening.normalise import normalise_person

    samples = []

    def run(case: Case):
        started = time.perf_counter()
        matches = index.search(
            normalise_person(case.given, case.surname), date_of_birth=case.dob, nationality=case.nationality
        )
        samples.append((time.perf_counter() - started) * 1000)
        return matches

    # At the product's own thresholds (so the time is the real one): a case below them
    # scores 0 here.
    with override_settings(SCREENING_MAX_HITS=1000):
        pos = []
        for case in positives:
            best = max(
                ((m.score, m.alignment.score) for m in run(case) if m.entry.uid == case.target_uid), default=(0, 0)
            )
            pos.append((case, *best))
        neg = []
        for case in negatives:
            best = max(((m.score, m.alignment.score) for m in run(case)), default=(0, 0))
            neg.append((case, *best))
    return Scored(pos, neg, statistics.median(samples) if samples else 0.0)


def rates(scored: Scored, threshold: float, min_name: float) -> tuple[float, float, dict[str, tuple[int, int]]]:
    """(recall, false-alert rate, hits/total by variation class) at a threshold."""
    from collections import defaultdict

    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    found = 0
    for case, score, name in scored.positives:
        ok = score >= threshold and name >= min_name
        found += ok
        for label in case.label.split("/"):
            by[label][0] += ok
            by[label][1] += 1
    alerts = sum(score >= threshold and name >= min_name for _c, score, name in scored.negatives)
    return (
        found / max(1, len(scored.positives)),
        alerts / max(1, len(scored.negatives)),
        {k: tuple(v) for k, v in by.items()},
    )
