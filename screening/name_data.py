"""The data behind name normalisation: small tables, kept apart from the code.

Add a spelling here rather than a special case in the matcher. Keys are lower-case ASCII
(after transliteration); each group maps every listed variant to the first, canonical form.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Variant spellings of common given names (transliterations from Arabic, Cyrillic, ...).
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    # Arabic
    (
        "muhammad",
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammed",
        "muhamed",
        "muhamad",
        "mohd",
        "mhd",
        "mohamud",
        "mouhamed",
        "mouhammad",
        "mahomed",
        "muhammet",
        "mohammod",
    ),
    ("ahmad", "ahmed", "ahmet", "akhmed", "achmed", "ahmat"),
    ("mahmud", "mahmoud", "mahmood", "mehmood", "makhmud"),
    ("husayn", "hussein", "hussain", "husain", "hosein", "hossein", "husein", "hussien", "huseyn", "hossain"),
    ("hasan", "hassan", "hasen", "hassen"),
    ("yusuf", "yousef", "youssef", "yousuf", "yusef", "yousif", "yusif", "jusuf", "youcef"),
    ("usama", "osama", "usamah", "ousama", "oussama"),
    ("umar", "omar", "omer", "oumar"),
    ("uthman", "othman", "osman", "usman", "othmane"),
    ("mustafa", "mostafa", "moustafa", "mustapha", "mostapha", "moustapha"),
    ("khalid", "khaled", "khalied"),
    ("ali", "aly"),
    ("said", "saeed", "sayed", "sayid", "sayyid", "saied", "saiid"),
    ("abdullah", "abdallah", "abdulla", "abdalla", "abdellah", "abdoulah"),
    ("ibrahim", "ebrahim", "ibraheem", "ibragim", "brahim"),
    ("ismail", "ismael", "ismayil", "ismaeel"),
    ("yahya", "yahia", "yehia", "yahiya", "yehya"),
    ("yasin", "yassin", "yaseen", "yassine", "yasine"),
    ("jamal", "gamal", "jamaal", "djamel", "jamel"),
    ("sulayman", "suleiman", "sulaiman", "soliman", "suleyman", "sulejman"),
    ("zakariya", "zakaria", "zakariyya", "zakariah", "zakarya"),
    ("faysal", "faisal", "feisal", "faycal"),
    ("hamza", "hamzah", "hamzeh"),
    ("abubakr", "abubakar", "aboubakr", "aboubakar", "abubaker"),
    # Russian, Ukrainian, Belarusian
    ("evgeny", "yevgeny", "yevgeniy", "evgeniy", "evgenii", "yevgeni", "evgeni", "yevhen", "yauhen"),
    ("sergey", "sergei", "sergej", "serguei", "serhiy", "serhii", "siarhei"),
    (
        "aleksandr",
        "alexander",
        "aleksander",
        "alexandr",
        "alexandre",
        "aleksandar",
        "alexandru",
        "oleksandr",
        "olexandr",
        "aliaksandr",
    ),
    ("aleksey", "alexey", "aleksei", "alexei", "oleksiy", "oleksii", "aleksej", "aliaksei"),
    ("dmitry", "dmitriy", "dmitri", "dmitrii", "dimitri", "dimitry", "dmytro", "dzmitry"),
    ("yury", "yuri", "yuriy", "iurii", "jurij", "juri", "yurii", "yuriy", "yurij"),
    ("andrey", "andrei", "andriy", "andrej", "andrii"),
    ("nikolay", "nikolai", "mykola", "nicolai", "mikalai"),
    ("mikhail", "mikhael", "mykhailo", "michail", "mikhal"),
    ("vladimir", "wladimir", "volodymyr", "uladzimir"),
    ("pyotr", "petr", "piotr"),
    ("fyodor", "fedor", "feodor", "fiodor"),
    ("maksim", "maxim", "maksym"),
    ("vyacheslav", "viacheslav", "vjatšeslav"),
    ("elena", "yelena", "jelena", "olena", "alena", "alyona"),
    ("ekaterina", "yekaterina", "katerina", "kateryna"),
    ("natalya", "natalia", "nataliya", "natalja", "natallia"),
    ("tatyana", "tatiana", "tatjana", "tetiana"),
    ("ilya", "ilia", "illia"),
    ("valery", "valeriy", "valerii", "valeri"),
    ("anatoly", "anatoliy", "anatolii", "anatoli"),
    ("gennady", "gennadiy", "gennadii", "gennadi"),
    ("arkady", "arkadiy", "arkadii"),
    ("vitaly", "vitaliy", "vitalii", "vitali"),
    ("grigory", "grigoriy", "grigorii", "hryhoriy"),
    ("georgy", "georgiy", "georgii", "heorhiy"),
    ("konstantin", "constantin", "kostiantyn", "kanstantsin"),
    ("igor", "ihor"),
    ("oleg", "oleh", "aleh"),
    ("olga", "olha", "volha"),
    ("vasily", "vasiliy", "vasilii", "vasyl"),
    ("semyon", "semen", "semion"),
)

VARIANTS: dict[str, str] = {variant: group[0] for group in VARIANT_GROUPS for variant in group}

# Regular-expression rewrites applied to every token after the variant table, in order:
# they fold the usual transliteration differences (x/ks, ph/f, kh/h, -iy/-y, double
# letters) so the fuzzy scorer only has to deal with real typos.
SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"x", "ks"),
    (r"ph", "f"),
    (r"ck", "k"),
    (r"q", "k"),
    (r"dzh", "j"),
    (r"dj", "j"),
    (r"kh", "h"),
    (r"^ye", "e"),
    (r"([aeiou])ye", r"\1e"),
    (r"(?:iy|ii|yi|yy)$", "y"),
    (r"ei$", "ey"),
    (r"ou", "u"),
    (r"oo", "u"),
    (r"ee", "i"),
    (r"(?<=...)ah$", "a"),
    (r"(.)\1+", r"\1"),
)

# Dropped wherever they stand (unless nothing else would be left of the name part).
HONORIFICS: frozenset[str] = _words(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lord lady
    sheikh shaykh sheik shaikh shaik shiekh haji hajji hadji alhaji alhajji hajj
    mullah mulla mollah maulvi maulana mawlana mawlawi moulana qari imam
    general gen colonel col brigadier major maj captain capt lieutenant lt commander cmdr admiral adm
    rev reverend fr jr junior sr senior ii iii iv esq
    eng engr ing ingeniero ingeniera lic licenciado licenciada arq arch abog dott dottore dottoressa
    don dona dom hon honorable honourable excellency sra srta mme mlle herr frau
    seyed seyyed sayed sayyed sayyid sayyed syed sayid sidi sid hojatoleslam hojjatoleslam hujjat ayatollah
    ayatullah allamah allama mufti ustadh ustaz ustad shaheed hafiz hafez mirza khawaja khwaja pir
    sardar sirdar alhaj alhaja chief amir emir prince princess sultan sheikha shaikha
    mgr monsignor bishop archbishop pastor father brother sister pr pres president minister deputy
    sen senator gov governor amb ambassador sgt sergeant cpl corporal pvt marshal
    """
)

# Honorifics that are also common given names: dropped only when they stand first and at
# least two other words follow ("Sayed Ali Hosseini", but "Said Ahmad" keeps "Said").
LEADING_ONLY_HONORIFICS: frozenset[str] = _words("said amir emir sultan mirza pir khawaja sardar hafiz")

# Connecting words inside names (Arabic "bin", Spanish "de la", Dutch "van der" ...):
# dropped, so "Jose de Jesus" and "Jose Jesus" compare equal.
CONNECTORS: frozenset[str] = _words(
    "bin ibn bint binti ben bn ould de del della der den di da das do dos du la las le les los van von y ter"
)

# The Arabic article before a name ("al-Zawahiri", "el Sayed", "ad-Din"): dropped when
# another token follows in the same part of the name.
ARTICLES: frozenset[str] = _words("al el ul ad ar as ash at az an adh ath")

# Words that join the following token into one name: "Abd al-Aziz" = "Abdulaziz",
# "Abu Bakr" = "Abubakr".
ABD_FORMS: frozenset[str] = _words("abd abdul abdel abdal abdol abdoul abdu abdur abdar abdus abdel")
ABU_FORMS: frozenset[str] = _words("abu abou abo")

# Legal forms and filler words in organisation names: "ACME TRADING LLC" = "Acme Trading".
LEGAL_FORMS: frozenset[str] = _words(
    """
    the llc ltd limited co company corp corporation inc incorporated plc llp lp sa sas sarl srl spa sl ltda cia
    gmbh ag kg ug bv nv ab oy as kft zrt doo ooo oao zao pao jsc pjsc ojsc cjsc ao tov pt tbk bhd sdn
    fze fzco fzc fzllc fz est establishment group holding holdings
    """
)
