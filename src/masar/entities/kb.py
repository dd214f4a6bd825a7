"""The knowledge base: canonical actors and places, their Arabic names, and the lexicons.

Everything is data under ``entities/data`` (each file's header says where its facts
come from); users add their own with CSV files of the same columns (``--actors``,
``--places``). Names are indexed as tuples of normalised words, so one dictionary
lookup per word position finds the longest known name (``match``).

An alias is *strong* when it names its entry on its own (a full name, a country,
a big city) and *weak* when it needs agreement from the text (a family name alone,
a small town whose name is also a common word): the extractor accepts a weak match
only where the tagger also sees a name, or the full form was seen before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from masar.arabic import _resources as R
from masar.arabic.normalize import for_matching
from masar.arabic.tokens import _letter_positions, _normalised_forms, stopwords
from masar.errors import KnowledgeBaseError

__all__ = ["Entry", "Match", "KnowledgeBase", "default_kb", "load_kb", "name_key"]

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC")
# Words that end a person's name but are not a family name to be used alone.
# Normalised form of one word or name, cached: the same words recur in every article.
norm_word = lru_cache(maxsize=100_000)(for_matching)
_NOT_FAMILY = frozenset(
    for_matching(w)
    for w in ("الثاني", "الأول", "الثالث", "الرابع", "الابن", "الأب", "جونيور", "الله", "الدين", "الرحمن", "الزمان")
)
# Words that make a compound with the next one (عبد الله، أبو بكر، بن سلمان).
_COMPOUND_HEADS = frozenset(for_matching(w) for w in ("عبد", "أبو", "أبي", "ابو", "بن", "بنت", "ابن", "آل", "ذو", "أم"))
# The Arab world, Iran, Turkey and Israel: where towns are named without a country.
REGION_ISO3 = frozenset(
    "SAU ARE QAT BHR KWT OMN YEM IRQ SYR LBN JOR PSE EGY LBY TUN DZA MAR SDN MRT SOM DJI COM IRN TUR ISR ESH".split()
)
# Names that are also ordinary words (مالي "financial", بنين "sons"): matched only where
# the tagger also sees a name there.
# One-word names that are also ordinary words: Mali/"my money", Tyre/"pictures", al-Qaeda/
# "the base" (القاعدة الجوية). They need the text's agreement. (الجزيرة, "the island", was
# tried here: the channel is the common sense, and ANERcorp organisation F1 fell 0.50 → 0.46.)
_COMMON_WORD_NAMES = frozenset(
    for_matching(w) for w in ("مالي", "بنين", "تشاد", "جيبوتي", "صور", "الباب", "الزاوية", "القاعدة")
)
# Places this populous or curated are named often enough that a match stands alone.
_STRONG_POPULATION = 100_000


@dataclass(slots=True, frozen=True)
class Entry:
    id: str
    type: str  # PER ORG GPE LOC FAC
    name_en: str
    name_ar: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    kind: str = ""  # country, capital, city, province, region, crossing…
    population: int = 0


@dataclass(slots=True, frozen=True)
class Match:
    """A known name found in a word sequence: words [start, end) and the entries it may mean."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    strong: bool
    cut: int  # characters of attached clitic (و ف ب ل ك) before the name in the first word


@dataclass(slots=True, frozen=True)
class Title:
    role: str
    sector: str | None


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    aliases: dict[tuple[str, ...], list[tuple[Entry, bool]]] = field(default_factory=dict)
    max_words: int = 1
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised adjective form → iso3
    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)
    max_title_words: int = 1
    org_heads: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)  # iso3 → country entry
    variant_rules: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, where)
    distinct_names: set[frozenset[str]] = field(default_factory=set)
    given_names: frozenset[str] = frozenset()
    ambiguous_given_names: frozenset[str] = frozenset()  # أمل، جمال: also ordinary words
    first_words: set[str] = field(default_factory=set)  # first word of every alias: most words start none
    lead_words: set[str] = field(default_factory=set)  # first word of every alias of two words or more
    common_words: frozenset[str] = frozenset()  # ordinary words that are also town names (الخبر)
    _demonym_cache: dict[str, str | None] = field(default_factory=dict)
    _lexical_cache: dict[str, str] = field(default_factory=dict)
    _skeletons: dict[str, str] = field(default_factory=dict)
    _people_by_skeleton: dict[str, list[tuple[tuple[str, ...], list[tuple[Entry, bool]]]]] | None = None
    title_firsts: frozenset[str] = frozenset()  # first word of every title: most sentences have none

    # ----------------------------------------------------------------- building
    def add(self, entry: Entry, names: Iterable[str], *, strong: bool = True) -> None:
        self.entries.setdefault(entry.id, entry)
        entry = self.entries[entry.id]
        for key in {k for name in names for k in _spacing_variants(name_key(name))}:
            if not key:
                continue
            alone = strong and not (len(key) == 1 and self._ambiguous_place_word(entry, key[0]))
            bucket = self.aliases.setdefault(key, [])
            for i, (known, was_strong) in enumerate(bucket):
                if known.id == entry.id:
                    bucket[i] = (known, was_strong or alone)
                    break
            else:
                bucket.append((entry, alone))
            self.first_words.add(key[0])
            if len(key) > 1:
                self.lead_words.add(key[0])
            self.max_words = max(self.max_words, len(key))
            if entry.type == "PER" and alone:
                family = _family_name(key)
                # محمد alone is nobody in particular; المصري alone is an adjective, not Mohammed Deif
                if family and self._can_stand_alone(family[0]):
                    self.add(entry, [" ".join(family)], strong=False)

    def skeleton(self, word: str) -> str:
        """``variant_skeleton`` under this base's rules, cached."""
        hit = self._skeletons.get(word)
        if hit is None:
            hit = self._skeletons[word] = variant_skeleton(word, self.variant_rules)
        return hit

    def people_like(self, first: str) -> list[tuple[tuple[str, ...], list[tuple[Entry, bool]]]]:
        """Names of persons whose first word has the same skeleton as ``first`` (built on first use)."""
        if self._people_by_skeleton is None:
            index: dict[str, list[tuple[tuple[str, ...], list[tuple[Entry, bool]]]]] = {}
            for key, hits in self.aliases.items():
                if any(e.type == "PER" for e, _ in hits):
                    index.setdefault(self.skeleton(key[0]), []).append((key, hits))
            self._people_by_skeleton = index
        return self._people_by_skeleton.get(self.skeleton(first), [])

    def _ambiguous_place_word(self, entry: Entry, word: str) -> bool:
        """One-word place names that are also ordinary words or given names (ليل night, سالم, ميدان),
        and one-word names of towns far from the region news is about (كيل is Kiel only in Germany)."""
        if word in _COMMON_WORD_NAMES:
            return True
        if entry.type not in ("GPE", "LOC", "FAC") or entry.kind == "country":
            return False
        if word in self.given_names or word in self.ambiguous_given_names:
            return True
        if _stem_of(word) in self.common_words or word in self.common_words:
            return True
        return entry.kind in ("city", "town") and (entry.country or "") not in REGION_ISO3

    def _can_stand_alone(self, family: str) -> bool:
        """Whether a family name may name its bearer alone: not a given name (صالح), an adjective
        (المصري), a title (المهندس), a head noun (الاتحاد) or an ordinary word."""
        if family in self.given_names or family in self.ambiguous_given_names or self.demonym(family):
            return False
        if (family,) in self.titles or family in self.org_heads:
            return False
        return _stem_of(family) not in self.common_words and family not in self.common_words

    # ----------------------------------------------------------------- matching
    def match(self, words: list[str]) -> list[Match]:
        """Longest known names in a list of display words, left to right, not overlapping."""
        norms = [norm_word(w) for w in words]
        found: list[Match] = []
        i = 0
        n = len(words)
        while i < n:
            best = self._longest(words, norms, i)
            if best and _generic_head(norms[i]) and i + 1 < n:
                after = self._longest(words, norms, i + 1)
                if after is not None and after.end >= best.end:
                    # تنظيم ⟨الدولة الإسلامية⟩: the name without the generic noun, which
                    # vouches for it (تنظيم القاعدة is not a base).
                    best = Match(after.start, after.end, after.entries, True, after.cut)
            if best and not best.strong and i and norms[i - 1] in _VOUCHING_HEADS:
                best = Match(best.start, best.end, best.entries, True, best.cut)  # تنظيم ⟨القاعدة⟩, قناة ⟨الجزيرة⟩
            if best:
                found.append(best)
                i = best.end
            else:
                i += 1
        return found

    def _longest(self, words: list[str], norms: list[str], i: int) -> Match | None:
        forms = _first_forms(words[i], norms[i])
        if len(forms) > 1 and norms[i] in self.common_words:
            forms = forms[:1]  # فرقة is a band, not ف + رقة (Raqqa): an ordinary word stays whole
        first_forms = [f for f in forms if f[0] in self.first_words]
        if not first_forms:
            return None
        for length in range(min(self.max_words, len(words) - i), 0, -1):
            rest = tuple(norms[i + 1 : i + length])
            for form, cut in first_forms:
                hits = self.aliases.get((form, *rest))
                if hits:
                    strong = any(s for _, s in hits)
                    entries = tuple(e for e, s in hits if s == strong)
                    return Match(i, i + length, entries, strong, cut)
        return None

    def word_tags(self, words: list[str], matches: list[Match] | None = None) -> list[str]:
        """A BIO tag per word from knowledge-base matches (features for the tagger)."""
        tags = ["O"] * len(words)
        for m in self.match(words) if matches is None else matches:
            label = m.entries[0].type if m.strong else "W" + m.entries[0].type
            tags[m.start] = "B-" + label
            for j in range(m.start + 1, m.end):
                tags[j] = "I-" + label
        cache = self._lexical_cache
        for i, w in enumerate(words):
            if tags[i] == "O":
                tag = cache.get(w)
                if tag is None:
                    tag = self._lexical_tag(w)
                    if len(cache) < 100_000:
                        cache[w] = tag
                tags[i] = tag
        return tags

    def _lexical_tag(self, word: str) -> str:
        """What the lexicons say of one word: nationality, given name, title, or nothing."""
        norm = norm_word(word)
        forms = [f for f, _ in _first_forms(word, norm)]
        if self.demonym(norm):
            return "NAT"
        if any(f in self.given_names for f in forms):
            return "FN"
        if norm in self.ambiguous_given_names:
            return "FNA"
        if any((f,) in self.titles for f in forms):
            return "TTL"
        return "O"

    def demonym(self, norm_word: str) -> str | None:
        """The country of a nationality adjective (روسي، الروسية، والروس…), or None."""
        if norm_word in self._demonym_cache:
            return self._demonym_cache[norm_word]
        found = next((self.demonyms[f] for f in _normalised_forms(norm_word) if f in self.demonyms), None)
        if len(self._demonym_cache) < 100_000:
            self._demonym_cache[norm_word] = found
        return found

    def variants_agree(self, a: str, b: str) -> bool:
        """Whether two normalised names are spellings of one name under the variant rules."""
        ta, tb = a.split(), b.split()
        if len(ta) != len(tb):
            return False
        for x, y in zip(ta, tb, strict=True):
            if x == y:
                continue
            if frozenset((x, y)) in self.distinct_names or len(x) < 3 or len(y) < 3:
                return False
            if self.skeleton(x) != self.skeleton(y):
                return False
        return True


def _spacing_variants(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """عبد الله / عبدالله, أبو ظبي / أبوظبي: outlets write these compounds both ways."""
    out = [key]
    joined: list[str] = []
    for word in key:
        if joined and joined[-1] in ("عبد", "ابو") and len(word) >= 3:
            joined[-1] += word
        else:
            joined.append(word)
    if len(joined) != len(key):
        out.append(tuple(joined))
    split: list[str] = []
    for word in key:
        for head in ("عبد", "ابو"):
            if word.startswith(head) and len(word) >= len(head) + 3:
                split.extend((head, word[len(head) :]))
                break
        else:
            split.append(word)
    if len(split) != len(key):
        out.append(tuple(split))
    return out


def name_key(name: str) -> tuple[str, ...]:
    return tuple(R.WORD_RE.findall(for_matching(name)))


def _family_name(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The family name a person is called by alone (لافروف، الأسد), where it is one."""
    if len(key) < 2:
        return None
    last = key[-1]
    if last in _NOT_FAMILY or key[-2] in _COMPOUND_HEADS or len(last) < 3:
        return None
    return (last,)


@lru_cache(maxsize=60_000)
def _first_forms(word: str, norm: str) -> tuple[tuple[str, int], ...]:
    """Forms of a name's first word: as written, then without attached و ف and ب ل ك.

    Each comes with how many display characters the span leaves out, so it starts
    after the clitic. Every cut is offered (وحزب → حزب): a form counts only if a
    whole known name follows, so a wrong cut finds nothing. In للأمم the name's ال
    lost its alef to the preposition: the name is found, and the word is kept whole
    (after و ف only), since no slice of it spells the name.
    """
    letters: list[tuple[str, int]] = [(norm, 0)]  # (form, letters of the word left out)
    at = 0
    if len(norm) > 3 and norm[0] in "وف":
        at = 1
        letters.append((norm[1:], 1))
    if len(norm) > at + 3 and norm[at] in "بلك":
        rest = norm[at + 1 :]
        letters.append((rest, at + 1))
        if norm[at] == "ل" and rest.startswith("ل"):
            letters.append(("ا" + rest, at))
    if len(letters) == 1:
        return tuple(letters)
    positions = _letter_positions(word, norm)
    return tuple((form, positions[cut] if cut else 0) for form, cut in letters if cut < len(positions))


def variant_skeleton(word: str, rules: list[tuple[str, str, str]]) -> str:
    """A word with the variant rules applied, so spellings of one name meet."""
    out = word
    for src, dst, where in rules:
        if where == "start":
            if out.startswith(src):
                out = dst + out[len(src) :]
        elif where == "end":
            if out.endswith(src) and len(out) > len(src) + 1:
                out = out[: len(out) - len(src)] + dst
        elif len(out) > 2:
            out = out[0] + out[1:-1].replace(src, dst) + out[-1]
    return out


# --------------------------------------------------------------------- loading
def _rows(text: str, source: str, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Rows of a TSV or CSV (told apart by the header) skipping ``#`` comments; errors name the line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return
    header_no, header = lines[0]
    delimiter = "\t" if "\t" in header else ","

    def cells(line: str) -> list[str]:  # a TSV cell may hold a quote mark (مجموعة "5+1"); a CSV may quote cells
        if delimiter == "\t":
            return line.split("\t")
        return next(csv.reader(io.StringIO(line)), [])

    names = cells(header)
    names = [h.strip() for h in names]
    missing = [c for c in required if c not in names]
    if missing:
        raise KnowledgeBaseError(f"{source}:{header_no}: header lacks column(s) {', '.join(missing)}")
    for number, line in lines[1:]:
        where = f"{source}:{number}"
        values = cells(line)
        if len(values) != len(names):
            raise KnowledgeBaseError(
                f"{source}:{number}: expected {len(names)} fields ({', '.join(names)}), found {len(values)}"
            )
        row = dict(zip(names, (v.strip() for v in values), strict=True))
        row["_where"] = where
        yield row


def _float(value: str, source: str, what: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise KnowledgeBaseError(f"{source}: {what} is not a number: {value!r}") from None


def _data(name: str) -> str:
    return resources.files("masar.entities").joinpath("data/" + name).read_text("utf-8")


def _names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split("|") if n.strip()]


# A group's name said with a generic noun before it (تنظيم داعش): the span is the name alone.
_GENERIC_HEAD_WORDS = frozenset(("تنظيم", "جماعه", "حركه"))


def _generic_head(norm: str) -> bool:
    """تنظيم، جماعة، حركة, with or without و ف before it (وتنظيم الدولة الإسلامية)."""
    return norm in _GENERIC_HEAD_WORDS or (norm[:1] in "وف" and norm[1:] in _GENERIC_HEAD_WORDS)


# Nouns that say the next word is an organisation's name, so a weak one-word name stands.
_VOUCHING_HEADS = _GENERIC_HEAD_WORDS | {"قناه", "صحيفه", "جريده", "وكاله"}
_GENERIC_HEADS = (
    "تنظيم ",
    "جماعة ",
    "ميليشيا ",
    "ميليشيات ",
    "مليشيا ",
    "مليشيات ",
    "حركة ",
    "دول ",
    "دولة ",
    "صحيفة ",
    "قناة ",
    "شبكة ",
    "منصة ",
)


def _without_generic_heads(names: list[str]) -> list[str]:
    plain = set(names)
    return [n for n in names if not any(n.startswith(h) and n[len(h) :] in plain for h in _GENERIC_HEADS)]


ACTOR_COLUMNS = ("id", "name_en", "names_ar", "country", "sector", "role")
PLACE_COLUMNS = ("id", "type", "name_en", "names_ar", "country", "lat", "lon")


def _add_actors(kb: KnowledgeBase, text: str, source: str, default_type: str | None = None) -> None:
    for row in _rows(text, source, ACTOR_COLUMNS):
        names = _without_generic_heads(_names(row["names_ar"]))
        if not names or not row["id"]:
            raise KnowledgeBaseError(f"{source}: actor {row.get('id')!r} has no id or no Arabic name")
        kind = row.get("type") or default_type or ("PER" if row["id"].islower() else "ORG")
        entry = Entry(
            id=row["id"],
            type=kind,
            name_en=row["name_en"],
            name_ar=names[0],
            country=row["country"] or None,
            sector=row["sector"] or None,
            role=row["role"] or None,
        )
        kb.add(entry, names)


def _add_places(kb: KnowledgeBase, text: str, source: str, *, curated: bool = True) -> None:
    for row in _rows(text, source, PLACE_COLUMNS):
        names = _without_generic_heads(_names(row["names_ar"]))
        if not curated:  # a town's one-word name shorter than three letters is mostly a particle (بن، اب)
            names = [n for n in names if len(name_key(n)) > 1 or len(name_key(n)[0]) >= 3]
            if not names:
                continue
        if not names:
            raise KnowledgeBaseError(f"{source}: place {row['id']!r} has no Arabic name")
        if row["type"] not in ("GPE", "LOC", "FAC"):
            raise KnowledgeBaseError(f"{source}: place {row['id']!r} has type {row['type']!r}, not GPE, LOC or FAC")
        gid = row.get("geonames_id") or ""
        raw_population = row.get("population") or "0"
        if not raw_population.isdigit():
            raise KnowledgeBaseError(f"{row['_where']}: population is not a whole number: {raw_population!r}")
        population = int(raw_population)
        entry = Entry(
            id=row["id"],
            type=row["type"],
            name_en=row["name_en"],
            name_ar=names[0],
            country=row["country"] or None,
            lat=_float(row["lat"], row["_where"], "lat"),
            lon=_float(row["lon"], row["_where"], "lon"),
            geonames_id=int(gid) if gid.isdigit() else None,
            kind=row.get("kind", ""),
            population=population,
        )
        strong = curated or population >= _STRONG_POPULATION or row.get("kind") == "capital"
        kb.add(entry, names, strong=strong)


def _add_countries(kb: KnowledgeBase) -> None:
    centroids = {r["iso3"]: r for r in _rows(_data("country_centroids.tsv"), "country_centroids.tsv", ("iso3",))}
    for row in _rows(_data("countries_ar.tsv"), "countries_ar.tsv", ("iso3", "name_en", "names_ar")):
        iso3 = row["iso3"]
        names = _without_generic_heads(_names(row["names_ar"]))
        c = centroids.get(iso3, {})
        entry = Entry(
            id=iso3,
            type="GPE",
            name_en=row["name_en"],
            name_ar=names[0],
            country=iso3,
            lat=_float(c.get("lat", ""), "country_centroids.tsv", "lat"),
            lon=_float(c.get("lon", ""), "country_centroids.tsv", "lon"),
            kind="country",
        )
        kb.add(entry, names)
        kb.countries[iso3] = kb.entries[iso3]
        for adjective in _names(row.get("demonym_ar", "")):
            if for_matching(adjective) in _COMMON_WORD_NAMES:
                continue
            for form in _demonym_forms(for_matching(adjective)):
                kb.demonyms.setdefault(form, iso3)
        for plural in _names(row.get("plurals_ar", "")):
            p = for_matching(plural)
            kb.demonyms.setdefault(p, iso3)
            kb.demonyms.setdefault("ال" + p, iso3)


def _demonym_forms(adj: str) -> list[str]:
    """روسي → روسي الروسي روسيه الروسيه روسيان روسيون روسيين روسيات… (normalised: ة is ه)."""
    stems = [adj + suffix for suffix in ("", "ه", "ان", "ين", "ون", "ات", "تان", "تين", "يه")]
    if adj.endswith("ي"):
        stems += [adj + "ه", adj[:-1] + "يون", adj + "ين", adj + "ون"]
    return [form for s in stems for form in (s, "ال" + s)]


def _add_lexicons(kb: KnowledgeBase) -> None:
    for row in _rows(_data("titles.tsv"), "titles.tsv", ("title_ar", "role", "sector")):
        key = name_key(row["title_ar"])
        if key:
            kb.titles.setdefault(key, Title(row["role"], row["sector"] or None))
            kb.max_title_words = max(kb.max_title_words, len(key))
    kb.title_firsts = frozenset(key[0] for key in kb.titles)
    for row in _rows(_data("org_heads.tsv"), "org_heads.tsv", ("head_ar", "type", "sector")):
        kb.org_heads.setdefault(for_matching(row["head_ar"]), (row["type"], row["sector"] or None))
    kb.given_names, kb.ambiguous_given_names = _given_names(_data("given_names.txt"))
    text = _data("name_variants.tsv")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "!":
            if len(cells) >= 3:
                kb.distinct_names.add(frozenset((for_matching(cells[1].strip()), for_matching(cells[2].strip()))))
        elif cells[0] != "from" and len(cells) >= 3:
            kb.variant_rules.append((for_matching(cells[0].strip()), for_matching(cells[1].strip()), cells[2].strip()))


def _stem_of(norm: str) -> str:
    return _normalised_forms(norm)[-1]


def _common_words() -> frozenset[str]:
    model = resources.files("masar.entities").joinpath("model/common_words.txt")
    if not model.is_file():
        return frozenset()
    return frozenset(w for w in model.read_text("utf-8").split("\n") if w and not w.startswith("#"))


def _given_names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Given names, and those that are also ordinary words (after the ``# ambiguous`` line).

    A compound (عبد الله، جان إيف) gives its words; connectors such as عبد are left out.
    """
    sure: set[str] = set()
    ambiguous: set[str] = set()
    target = sure
    for line in text.splitlines():
        if line.startswith("#"):
            if line.startswith("# ambiguous"):
                target = ambiguous
            continue
        for word in for_matching(line).split():
            if word not in _COMPOUND_HEADS:
                target.add(word)
    stop = stopwords() - {"علي"}  # Ali; على "on" is told apart by its ى where the name is checked
    return frozenset(sure - stop), frozenset(ambiguous - sure - stop)


def load_kb(actors: Iterable[Path] = (), places: Iterable[Path] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus the user's actor and place files (CSV or TSV)."""
    kb = KnowledgeBase(common_words=_common_words())
    _add_countries(kb)
    _add_lexicons(kb)
    _add_actors(kb, _data("actors_orgs.tsv"), "actors_orgs.tsv", "ORG")
    _add_actors(kb, _data("actors_people.tsv"), "actors_people.tsv", "PER")
    _add_places(kb, _data("places_curated.tsv"), "places_curated.tsv")
    _add_places(kb, _data("places_world_regions.tsv"), "places_world_regions.tsv")
    _add_places(kb, _data("places_geonames.tsv"), "places_geonames.tsv", curated=False)
    for path in actors:
        _add_actors(kb, _read_user(path), str(path))
    for path in places:
        _add_places(kb, _read_user(path), str(path))
    return kb


def _read_user(path: Path) -> str:
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read ({exc})") from None


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return load_kb()
