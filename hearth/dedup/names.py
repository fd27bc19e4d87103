"""Name matching for duplicate detection and client search: normalizing, nicknames, phonetic keys, similarity.

Pure Python (no Django), so the client search, the matching engine and the benchmark share one implementation.
Suited to the names an American HMIS holds: English and Spanish given names and surnames, hyphenated and multi-part
surnames ("Garcia-Lopez", "De la Cruz"), nicknames ("Bill" for William, "Pepe" for José) and first/last swaps.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- normalizing ------------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-_/.,;:&+]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z ]+")


@lru_cache(maxsize=65536)
def normalize(s: str) -> str:
    """Casefold, strip accents, drop punctuation (hyphens and dots become spaces), collapse spaces."""
    if not s:
        return ""
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    plain = _SEPARATORS.sub(" ", plain)
    plain = _NOT_ALNUM.sub("", plain)  # apostrophes and the like vanish: O'Brien -> obrien
    return " ".join(plain.split())


# Particles of Spanish, Portuguese, French, Dutch and Arabic surnames: kept in the full name but not keyed on their own.
PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "y",
        "e",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "le",
        "al",
        "el",
        "bin",
        "ben",
        "ibn",
        "st",
        "san",
        "santa",
        "mc",
    ]
)
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "v", "junior", "senior"])


def name_parts(s: str) -> list[str]:
    """The meaningful parts of a (possibly multi-part) name: normalized, without particles and suffixes."""
    words = normalize(s).split()
    parts = [w for w in words if w not in PARTICLES and w not in SUFFIXES]
    return parts or [w for w in words if w not in SUFFIXES] or words


# --- nicknames --------------------------------------------------------------------------------------------------

# root: nicknames and spelling variants. A short form may belong to several roots ("al", "chris"); the first root
# listed for it is its primary one. English and Spanish (hypocorísticos) given names.
_NICKNAMES = """
aaron: erin ron ronnie
abigail: abby abbie gail
abraham: abe bram
adam: ade
adrian: adriano
agustin: agus tin augustine august gus
alan: al allen allan alen
albert: al bert bertie berto alberto
alejandro: alex alejo ale jandro alexander
alexander: alex alec al xander sandy sasha lex alejandro alexandro
alexandra: alex alexa lexi sandra sandy sasha alejandra
alfred: al alf alfie fred freddie alfredo fredo
alice: ally allie alicia elsie
amanda: mandy manda
andrew: andy drew andre andres
angela: angie angel angelica
anne: ann anna annie nan nancy nanette hanna hannah ana anita
anthony: tony ant antonio anton toni tono
antonio: tony toño tono nino anthony
antonia: toni tonia
arthur: art artie arturo
barbara: barb barbie babs bobbie
benjamin: ben benji benny bennie
bernard: bernie bernardo
beatrice: bea trixie beatriz
bradley: brad
brandon: brand bran
brian: bryan bri
catherine: cathy cat kate katie kathy kitty cate trina katherine katarina catalina
kathleen: kathy kate katie kath
charles: charlie chuck chas chaz chip carlos carl
charlotte: lottie charlie carlota
christina: chris tina christine kristina kris chrissy cristina
christopher: chris kit topher cris chito cristobal christian
cynthia: cindy cyndi
daniel: dan danny dani danilo
david: dave davey davy davide
deborah: deb debbie debra debby
dennis: denny
diana: di dianne diane
donald: don donnie donny
dorothy: dot dottie dolly doris
douglas: doug
edward: ed eddie ted teddy ned eduardo lalo edwardo
eduardo: lalo eddie ed edward
elizabeth: liz lizzie beth betty betsy bess libby eliza elisa elise lisa lizbeth isabel isabella elisabeth elsa
ellen: ellie nell nellie helen elena
emily: em emmy emilia
ernest: ernie ernesto neto
eugene: gene
evelyn: evie eve
francis: frank frankie fran francisco
francisco: paco pancho kiko frank cisco francis
frances: fran frannie francine francisca paquita
frederick: fred freddy freddie fritz federico
gabriel: gabe gabby gabi
gabriela: gaby gabi gabby
gerald: jerry gerry gerardo
gregory: greg gregorio goyo
guadalupe: lupe lupita pita
guillermo: memo guille william
harold: harry hal
harry: hal henry
henry: hank harry hal enrique kike
herbert: herb bert
isabel: isabella izzy bella chabela elizabeth
jacob: jake jack jacobo jaime
jacqueline: jackie jacky
james: jim jimmy jimbo jamie jaime diego santiago
jane: janie jenny jean jeanne juana
janet: jan jenny
jeffrey: jeff jeffery geoffrey
jennifer: jen jenny jenn jenni
jeremy: jerry jeremiah
jesus: chuy chucho
jessica: jess jessie
joan: joanie jo johanna joanna juana
john: johnny jack jon juan jonathan johnathan
jonathan: jon jonny john nathan
jorge: george coque
george: jorge georgie
jose: pepe chepe joe joey josé joseph
joseph: joe joey jo jose pepe
josephine: jo josie josefina pepa fina
joshua: josh
juan: john juanito johnny
judith: judy jodi
katherine: kathy kate katie kat kay
kenneth: ken kenny
kimberly: kim kimmy
lawrence: larry laurie lorenzo
leonard: leo len lenny leon
louis: lou louie luis
luis: lucho lou louis
manuel: manny manolo
margaret: maggie meg peggy marge margie madge greta maisie margarita
maria: mary marie mari maruca
mary: molly polly mae mamie maria marie
matthew: matt matty mateo
maurice: mo moe
michael: mike mikey mick mickey mitch miguel
miguel: migue mike michael
nathaniel: nate nat nathan
nicholas: nick nicky nico colin nicolas
pamela: pam
patricia: pat patty tricia trish patsy patti
patrick: pat paddy rick pato patricio
peter: pete pedro
philip: phil pip felipe phillip
rachel: rae raquel
raymond: ray ramon
rebecca: becky becca reba
richard: rick ricky dick rich richie ricardo ricky
ricardo: richard ricky rick
robert: bob bobby rob robbie bert roberto beto
roberto: beto robert bob
ronald: ron ronnie
rosa: rose rosie rosita chayo rosario
russell: russ rusty
samuel: sam sammy
samantha: sam sammie sammy
sandra: sandy sandi
sarah: sally sadie sara
stephanie: steph stevie
stephen: steve steven stevie esteban
susan: sue susie suzy suzanne susana
teresa: terry tessa tess terri theresa tere
thomas: tom tommy thom tomas
timothy: tim timmy
victoria: vicky tori vicki
vincent: vince vinny vicente chente
walter: walt wally
william: bill will billy willie willy liam bud guillermo
zachary: zach zack zak
alfonso: poncho fonso
alberto: beto albert
armando: mando
dolores: lola
enrique: kike henry
fernando: nando fer
graciela: chela
ignacio: nacho
jesse: jess
consuelo: chelo
concepcion: concha conchita
rafael: rafa
ramon: moncho raymond
rodrigo: rigo
salvador: chava
socorro: coco
"""


def _build_nicknames() -> dict[str, tuple[str, ...]]:
    roots: dict[str, list[str]] = {}
    for line in _NICKNAMES.strip().splitlines():
        root, _sep, rest = line.partition(":")
        root = normalize(root)
        roots.setdefault(root, [])
        if root not in roots[root]:
            roots[root].insert(0, root)
        for nick in rest.split():
            nick = normalize(nick)
            roots.setdefault(nick, [])
            if root not in roots[nick]:
                roots[nick].append(root)
    return {name: tuple(values) for name, values in roots.items()}


NICKNAMES: dict[str, tuple[str, ...]] = _build_nicknames()


@lru_cache(maxsize=65536)
def nickname_roots(first: str) -> tuple[str, ...]:
    """Every formal name ``first`` may stand for (itself when it is one, or unknown), primary first."""
    word = normalize(first).replace(" ", "")
    if not word:
        return ()
    return NICKNAMES.get(word, (word,))


def nickname_root(first: str) -> str:
    """The formal name a given name most likely stands for: "Bill" -> "william", "Pepe" -> "jose"; else itself."""
    roots = nickname_roots(first)
    return roots[0] if roots else ""


@lru_cache(maxsize=65536)
def are_nicknames(a: str, b: str) -> bool:
    """Whether two given names can stand for the same person: one is a nickname of the other ("Bob", "Robert"), or
    both are short forms of one name ("Liz", "Beth"). Two long forms of a group ("Kathleen", "Kathryn") are not."""
    wa, wb = normalize(a).replace(" ", ""), normalize(b).replace(" ", "")
    roots_a, roots_b = set(nickname_roots(wa)), set(nickname_roots(wb))
    if not roots_a or not roots_b:
        return False
    if wa in roots_b or wb in roots_a:
        return True
    return bool(roots_a & roots_b) and (min(len(wa), len(wb)) <= 4 or wa not in NICKNAMES or wb not in NICKNAMES)


# --- phonetic key -----------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
# Multi-letter spellings rewritten before the letter-by-letter pass (order matters: longer first).
_DIGRAPHS = (
    ("sch", "sk"),
    ("tch", "x"),
    ("ph", "f"),
    ("ck", "k"),
    ("sh", "x"),
    ("ch", "x"),
    ("th", "t"),
    ("gh", ""),  # silent inside English names (Hughes, Wright); initial gh is hard g (below)
    ("qu", "k"),
    ("gue", "ge"),  # Spanish gue/gui: the u is silent (Guerrero, Guillermo); ge then keys as a hard g below
    ("gui", "gi"),
    ("mb", "m"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_INITIAL = (("gh", "g"), ("kn", "n"), ("gn", "n"), ("pn", "n"), ("wr", "r"), ("ps", "s"), ("x", "s"), ("wh", "w"))


@lru_cache(maxsize=131072)
def _phonetic_word(word: str) -> str:
    if not word:
        return ""
    if word.isdigit():
        return word
    for prefix, repl in _INITIAL:
        if word.startswith(prefix):
            word = repl + word[len(prefix) :]
            break
    if word[0] == "h" and len(word) > 1:
        word = word[1:]  # silent h in Spanish (Hernandez/Ernandez), and English keys alike without it
    hard_g = word.startswith(("gue", "gui"))
    word = _DOUBLE.sub(r"\1", word)
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    out: list[str] = []
    previous = ""
    n = len(word)
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in _VOWELS or ch == "y" and not (nxt in _VOWELS and nxt):
            code = "A" if i == 0 else ""
        elif ch == "h":
            code = ""  # silent in Spanish (Hernandez/Ernandez) and after most consonants in English
        elif ch == "w":
            code = "W" if nxt in _VOWELS and nxt else ""
        elif ch == "y":
            code = "Y"
        elif ch == "c":
            code = "S" if nxt in ("e", "i", "y") else "K"
        elif ch == "g":
            code = "J" if nxt in ("e", "i", "y") and not (hard_g and i == 0) else "K"
        elif ch in "kq":
            code = "K"
        elif ch == "x":
            code = "KS"
        elif ch in "sz":
            code = "S"
        elif ch in "dt":
            code = "T"  # Valdez/Valtez, -ez/-es endings and English d/t confusions key alike
        elif ch in "bvp":
            code = "B" if ch != "p" else "P"  # Spanish b/v are one sound (Vasquez/Basquez)
        elif ch == "f":
            code = "F"
        elif ch == "j":
            code = "J"
        elif ch in "lmnr":
            code = ch.upper()
        elif ch.isdigit():
            code = ch
        else:
            code = ""
        if code and code != previous:
            out.append(code)
        previous = code
    key = "".join(out)
    # The initial vowel marker alone is a poor key: keep at least one more letter of evidence when there is one.
    return key[:6] or word[:1].upper()


def phonetic(s: str) -> str:
    """A phonetic key for a name (English and Spanish spelling rules); a multi-part name keys each part, space-joined.

    Spellings that sound alike share a key: "Smith"/"Smyth", "Gonzalez"/"Gonzales", "Vasquez"/"Basquez",
    "Hernandez"/"Ernandez", "Catherine"/"Katherine", "Jorge"/"George".
    """
    return " ".join(_phonetic_word(part) for part in name_parts(s))


# --- blocking keys ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def _first_tokens(first: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phonetic keys of the parts, phonetic keys of their nickname roots) of a given name."""
    parts = name_parts(first)
    phon = tuple(dict.fromkeys(_phonetic_word(p) for p in parts))
    roots = tuple(dict.fromkeys(_phonetic_word(r) for p in parts for r in nickname_roots(p)))
    return phon, roots


@lru_cache(maxsize=131072)
def _last_tokens(last: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_phonetic_word(p) for p in name_parts(last)))


def name_tokens(first: str, last: str) -> set[str]:
    """Role-free phonetic tokens of a name: every part of both names and the first name's nickname roots."""
    phon, roots = _first_tokens(first or "")
    return set(phon) | set(roots) | set(_last_tokens(last or ""))


def pair_key(first: str, last: str) -> str:
    """One swap-proof key for the whole name: the primary nickname root of the first name and the first part of the
    last name, phonetically, in sorted order (so "Bill Smith" and "Smith, William" share it). Empty if a part is."""
    phon, roots = _first_tokens(first or "")
    lasts = _last_tokens(last or "")
    if not (roots or phon) or not lasts:
        return ""
    a, b = (roots or phon)[0], lasts[0]
    return f"{a}|{b}" if a <= b else f"{b}|{a}"


def name_keys(first: str, last: str) -> set[str]:
    """Blocking keys for a name: "f:" first-name parts, "l:" last-name parts, "n:" nickname roots (phonetic),
    "t:" role-free tokens (so swapped first/last names share keys) and "p:" the swap-proof pair key."""
    phon, roots = _first_tokens(first or "")
    lasts = _last_tokens(last or "")
    keys = {f"f:{k}" for k in phon} | {f"l:{k}" for k in lasts} | {f"n:{k}" for k in roots}
    keys |= {f"t:{k}" for k in (*phon, *roots, *lasts)}
    pair = pair_key(first, last)
    if pair:
        keys.add(f"p:{pair}")
    keys.discard("f:")
    keys.discard("l:")
    keys.discard("n:")
    keys.discard("t:")
    return keys


# --- similarity -------------------------------------------------------------------------------------------------


def jaro_winkler(a: str, b: str, *, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity of two strings in [0, 1] (1 = identical)."""
    if a == b:
        return 1.0 if a else 0.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(la, lb) // 2 - 1
    window = max(window, 0)
    matched_b = [False] * lb
    a_matches: list[str] = []
    for i, ch in enumerate(a):
        lo, hi = max(0, i - window), min(lb, i + window + 1)
        for j in range(lo, hi):
            if not matched_b[j] and b[j] == ch:
                matched_b[j] = True
                a_matches.append(ch)
                break
    m = len(a_matches)
    if not m:
        return 0.0
    b_matches = [b[j] for j in range(lb) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(a_matches, b_matches, strict=True)) / 2
    jaro = (m / la + m / lb + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


@lru_cache(maxsize=262144)
def part_similarity(a: str, b: str) -> float:
    """Similarity of two single name parts (normalized): spelling, sound and, when asked by the caller, nicknames."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    score = jaro_winkler(a, b)
    # Sounding alike counts when the key holds enough letters to mean something (John/Jane/June all key "JN").
    key = _phonetic_word(a)
    if len(key) >= 3 and key == _phonetic_word(b):
        score = max(score, 0.93)
    return score


@lru_cache(maxsize=262144)
def first_similarity(a: str, b: str) -> float:
    """Similarity of two given names, with nicknames and multi-part names ("Mary Ann" / "Maryann")."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 0.0
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return 1.0
    best = part_similarity(na.replace(" ", ""), nb.replace(" ", ""))
    pa, pb = name_parts(na), name_parts(nb)
    for x in pa:
        for y in pb:
            s = part_similarity(x, y)
            if are_nicknames(x, y):
                s = max(s, 0.95)
            # A one-letter given name is an initial: it agrees with a name it starts, weakly.
            if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
                s = max(s, 0.8)
            if len(pa) > 1 or len(pb) > 1:
                s *= 0.97  # one part of several agreeing is a little less evidence than the whole name
            best = max(best, s)
    return best


@lru_cache(maxsize=262144)
def last_similarity(a: str, b: str) -> float:
    """Similarity of two surnames, with hyphenated and multi-part ones ("Garcia-Lopez" / "Garcia", "De la Cruz")."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return 0.0
    ja, jb = na.replace(" ", ""), nb.replace(" ", "")
    if ja == jb:
        return 1.0
    best = part_similarity(ja, jb)
    pa, pb = name_parts(na), name_parts(nb)
    if len(pa) > 1 or len(pb) > 1:
        for x in pa:
            for y in pb:
                best = max(best, part_similarity(x, y) * 0.95)
    return best


def name_similarity(first_a: str, last_a: str, first_b: str, last_b: str) -> float:
    """How alike two full names are, in [0, 1]: nicknames, spelling and sound, multi-part names, swapped first/last."""
    straight = _combine(first_similarity(first_a, first_b), last_similarity(last_a, last_b))
    swapped = _combine(
        max(first_similarity(first_a, last_b), last_similarity(first_a, last_b)),
        max(first_similarity(last_a, first_b), last_similarity(last_a, first_b)),
    )
    return max(straight, swapped * 0.97)


def _combine(first: float, last: float) -> float:
    # Surnames carry a little more weight than given names (nicknames, initials and street names blur given names).
    return 0.45 * first + 0.55 * last


def swapped(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Whether the names agree better with first and last exchanged."""
    straight = _combine(first_similarity(first_a, first_b), last_similarity(last_a, last_b))
    crossed = _combine(
        max(first_similarity(first_a, last_b), last_similarity(first_a, last_b)),
        max(first_similarity(last_a, first_b), last_similarity(last_a, first_b)),
    )
    return crossed > straight + 0.05
