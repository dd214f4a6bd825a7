"""Named entities and places of one article: knowledge-base matches plus the tagger.

Per sentence: (1) the knowledge base finds every name it knows (longest match,
clitics cut); (2) the CRF tagger finds names the base lacks; (3) the two are
merged: a strong base match stands alone, a weak one (a family name alone, a small
town whose name is a common word) needs the tagger or an earlier full mention;
(4) organisation phrases built from a head and a nationality (الخارجية الروسية)
become ORG with their country; (5) titles before a person (وزير الخارجية الروسي)
give its role, sector and country; (6) short forms link to the fullest mention
of the article, and spelling variants of one name (ترامب/ترمب) share an id;
(7) places get coordinates, choosing among homonyms by the article's countries.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

from masar.arabic import _resources as R
from masar.arabic.normalize import diacritics
from masar.arabic.sentences import split_sentences
from masar.arabic.tokens import split_clitics, stopwords
from masar.doc import Mention
from masar.entities.features import sentence_features, word_features
from masar.entities.kb import Entry, KnowledgeBase, Match, Title, default_kb, load_kb, name_key, norm_word

# Normalised form of a word or name; cached because the same words recur in every article.
_split = lru_cache(maxsize=100_000)(split_clitics)

__all__ = ["Mention", "Extractor", "extract", "default_extractor", "extractor_for", "load_tagger", "link_across_store"]

# Articles longer than this are cut for extraction (a 1 MB page of one word would
# otherwise cost seconds and say nothing more).
MAX_CHARS = 60_000
_MAX_SENTENCE_WORDS = 120
_AGENCY_SPAN = 60  # characters at an article's start or end where a bare agency name is a credit
_LOC_HEADS = frozenset(
    norm_word(w)
    for w in (
        "ريف",
        "جبل",
        "جبال",
        "نهر",
        "بحر",
        "البحر",
        "صحراء",
        "سهل",
        "وادي",
        "خليج",
        "مضيق",
        "جزيرة",
        "بادية",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "شمالي",
        "جنوبي",
        "شرقي",
        "غربي",
    )
)
_PLACE_TYPES = ("GPE", "LOC", "FAC")
# Heads of the organisation phrases that name a state body with its nationality
# (وزارة الخارجية الروسية، الجيش الأمريكي); other heads with a nationality (الحكومة
# السورية، الإدارة الأمريكية) describe rather than name, and the guide leaves them out.
_STATE_ORG_HEADS = frozenset(
    norm_word(w)
    for w in (
        "وزارة",
        "الخارجية",
        "الدفاع",
        "الداخلية",
        "جيش",
        "الجيش",
        "القوات",
        "البحرية",
        "سفارة",
        "السفارة",
        "المخابرات",
        "الاستخبارات",
        "الشرطة",
        "الحرس",
    )
)
# Nouns that say the next word is a place: مدينة ⟨صور⟩, بلدة ⟨الباب⟩.
_PLACE_HEADS = frozenset(
    norm_word(w) for w in ("مدينة", "بلدة", "قرية", "محافظة", "ولاية", "منطقة", "مدينتي", "بلدتي", "مخيم", "ميناء")
)
_PIOUS = frozenset(
    norm_word(p)
    for p in (
        "رحمه الله",
        "رحمها الله",
        "يرحمه الله",
        "حفظه الله",
        "حفظها الله",
        "الله",
        "بحمد الله",
        "توفيق الله",
        "بتوفيق الله",
        "الحمد لله",
        "بإذن الله",
        "شاء الله",
        "عز وجل",
    )
)
_NOT_PERSON_HEADS = frozenset(norm_word(w) for w in ("نظام", "حكومة", "إدارة", "عهد", "حكم", "قوات", "أنصار", "عائلة"))
# Last words of outlet names (سكاي ⟨نيوز⟩، كورد ⟨أونلاين⟩): alone they name no one; with
# the word before them they are the outlet.
_MEDIA_TAILS = frozenset(norm_word(w) for w in ("نيوز", "أونلاين", "اونلاين", "برس", "تايمز", "بوست", "نت", "تيفي"))
_TAGGER_KIND = {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}  # the tagger's classes for ours
_ABD = frozenset(norm_word(w) for w in ("عبد", "وعبد"))
_PATRONYMIC = frozenset(norm_word(w) for w in ("بن", "بنت", "ابن"))
_CONNECTORS = frozenset(norm_word(w) for w in ("بن", "بنت", "ابن", "آل", "أبو", "عبد", "ولد"))
_KIND_RANK = {"country": 6, "capital": 5, "province": 4, "region": 4, "countryside": 4, "city": 3, "town": 1}


@dataclass(slots=True)
class _Span:
    start: int  # word index
    end: int
    type: str
    entries: tuple[Entry, ...] = ()
    cut: int = 0


class Extractor:
    """Knowledge base + tagger, loaded once and used for every article."""

    def __init__(self, kb: KnowledgeBase, tagger: pycrfsuite.Tagger | None) -> None:
        self.kb = kb
        self.tagger = tagger

    def extract_in_store(
        self, text: str, people_by_family: Callable[[Iterable[str]], dict[str, list[str]]]
    ) -> list[Mention]:
        """``extract``, then family names alone linked to people earlier articles named in full."""
        return link_across_store(self.extract(text), people_by_family, kb=self.kb)

    def extract(self, text: str) -> list[Mention]:
        text = text[:MAX_CHARS]
        pieces: list[list[tuple[str, int]]] = []
        for sentence in split_sentences(text):
            tokens = [(m.group(), m.start() + sentence.start) for m in R.TOKEN_RE.finditer(sentence.text)]
            pieces.extend(tokens[c : c + _MAX_SENTENCE_WORDS] for c in range(0, len(tokens), _MAX_SENTENCE_WORDS))
        words = [[t for t, _ in tokens] for tokens in pieces]
        matches = [self.kb.match(w) for w in words]
        # Actors named in full anywhere in the article: their family name alone counts too.
        named = {e.id for found in matches for m in found if m.strong for e in m.entries}
        labels = [self._labels(w, found) for w, found in zip(words, matches, strict=True)]
        labels = propagate(words, labels, self.kb.common_words | stopwords())
        vocab = {norm_word(w) for sentence_words in words for w in sentence_words}
        mentions: list[Mention] = []
        for tokens, sentence_words, found, sentence_labels in zip(pieces, words, matches, labels, strict=True):
            spans = _label_spans(sentence_labels)
            mentions.extend(self._sentence(tokens, sentence_words, found, spans, named, text, vocab))
        _drop_credits(mentions, text)
        _link(mentions, self.kb)
        mentions = [m for m in mentions if not _lone_given_name(self.kb, m)]
        _resolve_places(mentions, self.kb)
        mentions += _descriptions(self.kb, pieces, words, mentions, text)
        mentions.sort(key=lambda m: m.start)
        return mentions

    # ------------------------------------------------------------------ sentence
    def _sentence(
        self,
        tokens: list[tuple[str, int]],
        words: list[str],
        matches: list[Match],
        tagged: list[_Span],
        named: set[str],
        text: str,
        vocab: set[str],
    ) -> list[Mention]:
        if not words:
            return []
        spans: list[_Span] = []
        taken = [False] * len(words)
        tagged = [s for s in tagged if not _thing_not_person(words, s)]
        for m in matches:
            if m.end - m.start == 1 and m.entries[0].kind != "country" and _not_a_name_alone(self.kb, words[m.start]):
                continue  # فإن is not Van, الأحد not a Yemeni town, دولة not Dhule
            # The tagger backs a weak name only when it sees the same kind of name there:
            # الاتحاد tagged as an organisation does not make it the town of that name.
            kind = _TAGGER_KIND.get(m.entries[0].type, m.entries[0].type)
            overlaps_tag = any(s.start < m.end and m.start < s.end and s.type == kind for s in tagged)
            if not m.strong and m.start > 0 and _is_given(self.kb, words[m.start - 1]):
                continue  # حافظ ⟨الأسد⟩ is not Bashar: another given name goes with this family name
            if not m.strong and m.start > 0 and norm_word(words[m.start - 1]) in _CONNECTORS:
                continue  # عماد بن ⟨منسي⟩: a father's or clan name inside someone else's name
            said_place = m.start > 0 and _bare(words[m.start - 1]) in _PLACE_HEADS and m.entries[0].type != "PER"
            titled = m.entries[0].type == "PER" and _after_title(self.kb, words, m.start)
            if not m.strong and not overlaps_tag and not said_place and not titled:
                if not any(e.id in named for e in m.entries):
                    continue
            # Of several bearers of a name (الفيصل), the one the article names in full.
            entries = tuple(sorted(m.entries, key=lambda e: e.id not in named))
            spans.append(_Span(m.start, m.end, entries[0].type, entries, m.cut))
            for j in range(m.start, m.end):
                taken[j] = True
        for s in _joined_people(self.kb, words, tagged):
            if s.type == "MISC" or any(taken[s.start : s.end]):
                continue
            if s.end - s.start == 1 and _not_a_name_alone(self.kb, words[s.start]):
                continue  # a function word, weekday, title or generic noun the tagger took for a name
            spans.append(s)
        spans += [s for s in _titled_people(self.kb, words, spans) if not _thing_not_person(words, s)]
        spans = _institutions(words, _org_phrases(self.kb, words, spans))
        out = []
        for s in sorted(spans, key=lambda s: s.start):
            mention = _mention(self.kb, words, tokens, s, text, vocab)
            if mention is not None:
                if mention.type == "PER":
                    _apply_title(self.kb, words, s.start, mention)
                out.append(mention)
        return out

    def _labels(self, words: list[str], matches: list[Match]) -> list[str]:
        if self.tagger is None or not words:
            return ["O"] * len(words)
        return list(self.tagger.tag(sentence_features(words, self.kb.word_tags(words, matches))))


def _label_spans(labels: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    for i, label in enumerate(labels):
        if label == "O":
            continue
        kind = label[2:]
        if label.startswith("I-") and spans and spans[-1].end == i and spans[-1].type == kind:
            spans[-1].end = i + 1
        else:
            spans.append(_Span(i, i + 1, kind))
    return spans


def propagate(words: list[list[str]], labels: list[list[str]], common: frozenset[str]) -> list[list[str]]:
    """A name the tagger found once in a document is a name wherever it recurs there.

    The tagger sees one sentence at a time and misses a rare name in a weak context
    (``ونفى دويسنبرج``) that it found elsewhere in the same article. A one-word name,
    or the last word of a person's name, tagged anywhere is tagged at its other
    untagged occurrences, unless it is an ordinary word.
    """
    known: dict[str, str] = {}
    for sentence_words, sentence_labels in zip(words, labels, strict=True):
        for span in _label_spans(sentence_labels):
            if span.type == "MISC":
                continue
            if span.end - span.start == 1 or span.type == "PER":
                key = word_features(sentence_words[span.end - 1])[1][2:]
                if len(key) >= 3 and key not in common:
                    known.setdefault(key, span.type)
    if not known:
        return labels
    out = []
    for sentence_words, sentence_labels in zip(words, labels, strict=True):
        fixed = list(sentence_labels)
        for i, word in enumerate(sentence_words):
            if fixed[i] == "O":
                kind = known.get(word_features(word)[1][2:])
                if kind and (i + 1 >= len(fixed) or not fixed[i + 1].startswith("I-")):
                    fixed[i] = "B-" + kind
        out.append(fixed)
    return out


def _after_title(kb: KnowledgeBase, words: list[str], start: int) -> bool:
    return _title_before(kb, words, start) is not None


def _title_before(kb: KnowledgeBase, words: list[str], start: int) -> tuple[Title, str | None] | None:
    """The title (and nationality) in the few words before a name: وزير الخارجية الروسي ⟨name⟩."""
    window = [norm_word(w) for w in words[max(0, start - 10) : start]]
    country = None
    for i in range(len(window) - 1, -1, -1):
        word = window[i]
        if not _is_word(word):
            break
        nationality = kb.demonym(word)
        if nationality:
            country = nationality  # the nearest adjective before the name wins… unless one nearer the title does
        for length in range(min(kb.max_title_words, len(window) - i), 0, -1):
            key = tuple(window[i : i + length])
            first = _split(words[max(0, start - 10) + i])[1]
            title = kb.titles.get(key) or kb.titles.get((norm_word(first), *key[1:]))
            if title:
                for j in range(max(0, i - 3), i):  # نائب ⟨الوزير⟩: the longer title wins
                    wider = kb.titles.get(tuple(window[j : i + length])) or kb.titles.get(
                        (norm_word(_split(words[max(0, start - 10) + j])[1]), *window[j + 1 : i + length])
                    )
                    if wider:
                        title = wider
                        break
                # The nationality that follows the title directly (الروسي in وزير الخارجية الروسي …).
                after = [kb.demonym(w) for w in window[i + length :]]
                direct = next((c for c in after if c), None)
                return title, direct or country
    return None


def _apply_title(kb: KnowledgeBase, words: list[str], start: int, mention: Mention) -> None:
    found = _title_before(kb, words, start)
    if found is None:
        return
    title, country = found
    mention.role = title.role
    mention.sector = mention.sector or title.sector
    mention.country = mention.country or country


def _org_phrases(kb: KnowledgeBase, words: list[str], spans: list[_Span]) -> list[_Span]:
    """Head + up to two words + nationality or country: الخارجية الروسية، وزارة خارجية كازخستان."""
    taken = {j for s in spans if s.type in ("ORG", "PER", "FAC") for j in range(s.start, s.end)}
    by_start = {s.start: s for s in spans}
    out = list(spans)
    i = 0
    while i < len(words):
        head_word = norm_word(_split(words[i])[1])
        head = kb.org_heads.get(head_word)
        if head is None or head_word not in _STATE_ORG_HEADS or i in taken or _in_title(kb, words, i):
            i += 1
            continue
        end = None
        country = None
        for j in range(i + 1, min(i + 4, len(words))):
            if not _is_word(words[j]) or j in taken or norm_word(words[j]) in stopwords():
                break
            prefix = _split(words[j])[0]
            if prefix[:1] in ("و", "ف"):  # الشرطة ⟨والمستوطنين⟩: a second noun phrase
                break
            if prefix.endswith("ب"):  # الجيش النظامي ⟨بمساندة روسيا⟩: the army is not Russia's
                break
            nationality = kb.demonym(norm_word(words[j]))
            place = by_start.get(j)
            if nationality:
                end, country = j + 1, nationality
                break
            if place is not None and place.type == "GPE" and place.entries and place.entries[0].kind == "country":
                end, country = place.end, place.entries[0].country
                break
        if end is None:
            i += 1
            continue
        inner = [s for s in out if s.start >= i and s.end <= end]
        for s in inner:
            out.remove(s)
        country_entry = kb.countries.get(country or "")
        org = Entry(
            id="",
            type="ORG",
            name_en="",
            name_ar="",
            country=country,
            sector=head[1],
            kind="phrase" if country_entry else "",
        )
        out.append(_Span(i, end, "ORG", (org,), len(_split(words[i])[0])))
        i = end
    return out


# Institutions named after a place or a person: the head and the name are one name.
_INSTITUTIONS = {norm_word("جامعة"): ("ORG", "EDU"), norm_word("مستشفى"): ("FAC", None)}


def _institutions(words: list[str], spans: list[_Span]) -> list[_Span]:
    """جامعة القاهرة is a university (ORG), مستشفى الملك فيصل a hospital (FAC), not a city or a king."""
    heads = {
        s.start - 1
        for s in spans
        if s.type in ("GPE", "PER", "ORG") and s.start > 0 and _bare(words[s.start - 1]) in _INSTITUTIONS
    }
    if not heads:
        return spans
    out = []
    for s in spans:
        if s.end - 1 in heads and s.end - s.start == 1:
            continue  # جامعة itself read as a place (Djamaa, a town in Algeria)
        if s.start - 1 in heads:
            kind, sector = _INSTITUTIONS[_bare(words[s.start - 1])]
            country = s.entries[0].country if s.entries else None
            body = Entry(id="", type=kind, name_en="", name_ar="", country=country, sector=sector)
            s = _Span(s.start - 1, s.end, kind, (body,), len(_split(words[s.start - 1])[0]))
        out.append(s)
    return out


def _titled_people(kb: KnowledgeBase, words: list[str], spans: list[_Span]) -> list[_Span]:
    """A given name right after a title is a person the tagger may have missed.

    وزير الخارجية الروسي ⟨سيرغي لافروف⟩: the given name, any further given names or
    connectors (بن، آل، عبد), then one family name unless it is a function word.
    """
    firsts = kb.title_firsts
    if not any(norm_word(w) in firsts or _bare(w) in firsts for w in words):
        return []  # no title in the sentence (most sentences): nothing to look for
    taken = {j for s in spans for j in range(s.start, s.end)}
    stop = stopwords()
    out: list[_Span] = []
    i = 0
    while i < len(words):
        if (
            i in taken
            or not _is_given(kb, words[i])
            or _bare(words[i]) in _NEVER_ALONE  # ولي عهده ⟨الأمين⟩: an epithet
            or _title_at(kb, words, i)
            or _title_before(kb, words, i) is None
        ):
            i += 1
            continue
        end = i + 1
        while (
            end < len(words)
            and end not in taken
            and (_is_given(kb, words[end]) or norm_word(words[end]) in _CONNECTORS)
        ):
            end += 1
        if end < len(words) and end not in taken and _is_word(words[end]):
            if norm_word(words[end]) not in stop and (_bare(words[end]),) not in kb.titles:
                end += 1  # not ⟨… وسمو⟩: the next person's title
        out.append(_Span(i, end, "PER", (), len(_split(words[i])[0])))
        i = end
    return out


_NEVER_ALONE = frozenset(
    norm_word(w)
    for w in (
        "الأحد",
        "الاثنين",
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        "دولة",
        "الدولة",
        "تنظيم",
        "التنظيم",
        "حركة",
        "الحركة",
        "جماعة",
        "الجماعة",
        "الشيخ",
        "الأمير",
        "الملك",
        "الرئيس",
        "الأمين",
        "السيد",
        "المدينة",
        "مدينة",
        "العاصمة",
        "المنطقة",
        "الحكومة",
        "حكومة",
        "الوزارة",
        "الجيش",
        "الشرطة",
        "البرلمان",
        "المجلس",
        "اللجنة",
        "الهيئة",
        "هيئة",
        "جامعة",
        "الجامعة",
        "ريال",
        "دولار",
        "يورو",
        # communities are described, not named (the guide's people are persons)
        "المسلمين",
        "المسلمون",
        "المسيحيين",
        "المسيحيون",
        "اليهود",
        "الشيعة",
        "السنة",
        "الأقباط",
        "الدروز",
        "العلويين",
        "العلويون",
        "الإيزيديين",
        "الإيزيديون",
    )
)
# First words of things the tagger takes for people: feasts, months, cables, leagues, cups;
# and the words before a person's name that make it the name of a thing (دوري ⟨عبداللطيف جميل⟩).
_NOT_PERSON_FIRSTS = frozenset(norm_word(w) for w in ("عيد", "شهر", "برقية", "دوري", "بطولة", "كأس", "يوم", "جائزة"))
_NAMED_AFTER = frozenset(norm_word(w) for w in ("دوري", "بطولة", "كأس", "جائزة"))


def _descriptions(
    kb: KnowledgeBase, pieces: list[list[tuple[str, int]]], words: list[list[str]], mentions: list[Mention], text: str
) -> list[Mention]:
    """Descriptions that stand for a person named earlier: ⟨الوزير الروسي⟩ after سيرغي لافروف.

    A title followed by a nationality and by no name refers back to the latest person
    of that country whose role has the title's words. It is stored as a mention of that
    person (so `masar entity` shows it) but never exported as a name.
    """
    people = [m for m in mentions if m.type == "PER" and m.country and m.primary]
    if not people:
        return []
    starts = {m.start for m in mentions}
    covered = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    for tokens, sentence_words in zip(pieces, words, strict=True):
        for i in range(len(sentence_words) - 1):
            title, length = _title_here(kb, sentence_words, i)
            if title is None or i + length >= len(sentence_words):
                continue
            country = kb.demonym(norm_word(sentence_words[i + length]))
            if country is None:
                continue
            start = tokens[i][1] + len(_split(sentence_words[i])[0])
            end = tokens[i + length][1] + len(tokens[i + length][0])
            after = i + length + 1
            if after < len(tokens) and tokens[after][1] in starts:
                continue  # a name follows: the title belongs to it
            if any(a < end and start < b for a, b in covered):
                continue
            words_of_title = set(title.role.split())
            earlier = [
                p
                for p in people
                if p.end <= start and p.country == country and p.role and words_of_title <= set(p.role.split())
            ]
            if not earlier:
                continue
            person = earlier[-1]
            out.append(
                Mention(
                    text=text[start:end],
                    start=start,
                    end=end,
                    type="PER",
                    id=person.id,
                    name_ar=person.name_ar,
                    name_en=person.name_en,
                    country=person.country,
                    sector=person.sector,
                    role=title.role,
                    key=person.key,
                    primary=False,
                )
            )
    return out


def _title_here(kb: KnowledgeBase, words: list[str], i: int) -> tuple[Title | None, int]:
    """The longest title starting at word i (its first word may carry و ف), and its length in words."""
    first = _bare(words[i])
    for length in range(min(kb.max_title_words, len(words) - i), 0, -1):
        title = kb.titles.get((first, *(norm_word(w) for w in words[i + 1 : i + length])))
        if title is not None:
            return title, length
    return None, 0


def _thing_not_person(words: list[str], s: _Span) -> bool:
    """A tagger person that is a feast, a cable or a league (⟨عيد الفطر⟩، كأس ⟨الملك⟩)."""
    if s.type != "PER":
        return False
    first = words[s.start]
    if norm_word(first) in _NOT_PERSON_FIRSTS or _bare(first) in _NOT_PERSON_FIRSTS:
        return True  # برقية is a cable before it is ب + رقية
    return s.start > 0 and _bare(words[s.start - 1]) in _NAMED_AFTER


def _lone_given_name(kb: KnowledgeBase, m: Mention) -> bool:
    """A given name alone (محمد، ديفيد، عبد الله) that no fuller mention explains says too little to keep."""
    if m.type != "PER" or m.id is not None or not m.key.startswith("~"):
        return False
    parts = m.text.split()
    if len(parts) == 2 and norm_word(parts[0]) in _ABD:
        return True  # عبد الله، عبد العزيز: a compound given name
    return len(parts) == 1 and _is_given(kb, m.text)


def _function_word(word: str) -> bool:
    """A function word, with or without و ف before it (فإن، وأن)."""
    stop = stopwords()
    norm = norm_word(word)
    return norm in stop or (len(norm) > 2 and norm[0] in "وفبلك" and norm[1:] in stop)


def _not_a_name_alone(kb: KnowledgeBase, word: str) -> bool:
    """Words that are never a name by themselves: function words, weekdays, months, titles, generic nouns."""
    bare = _bare(word)
    return _function_word(word) or bare in _NEVER_ALONE or (bare,) in kb.titles


def _joined_people(kb: KnowledgeBase, words: list[str], tagged: list[_Span]) -> list[_Span]:
    """Adjacent person spans where the first is a given name are one person: ⟨محمد⟩⟨السعيد⟩ → محمد السعيد."""
    out: list[_Span] = []
    for s in tagged:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == s.type == "PER"
            and prev.end == s.start
            and _is_given(kb, words[prev.end - 1])
        ):
            prev.end = s.end
        else:
            out.append(_Span(s.start, s.end, s.type, s.entries, s.cut))
    return out


def _title_at(kb: KnowledgeBase, words: list[str], i: int) -> bool:
    """Whether a title starts at word i (وولي ⟨العهد⟩: ولي is a given name too)."""
    first = _bare(words[i])
    for length in range(min(kb.max_title_words, len(words) - i), 1, -1):
        if (first, *(norm_word(w) for w in words[i + 1 : i + length])) in kb.titles:
            return True
    return False


def _is_word(token: str) -> bool:
    """A word token (letters or digits, diacritics allowed), not punctuation."""
    return token[:1].isalnum()


def _bare(word: str) -> str:
    return norm_word(_split(word)[1])


def _is_given(kb: KnowledgeBase, word: str) -> bool:
    if diacritics(word).endswith("ى"):
        return False  # على "on", not علي; normalising ى to ي made them one
    norm = norm_word(word)
    bare = norm_word(_split(word)[1])
    names = (kb.given_names, kb.ambiguous_given_names)  # after a title even أمل is a name
    return any(norm in group or bare in group for group in names)


def _in_title(kb: KnowledgeBase, words: list[str], i: int) -> bool:
    """Whether word i ends a title (وزير الخارجية): then it names an office, not an organisation."""
    for length in range(2, kb.max_title_words + 1):
        if i - length + 1 < 0:
            break
        key = tuple(norm_word(w) for w in words[i - length + 1 : i + 1])
        first = norm_word(_split(words[i - length + 1])[1])
        # وزيري/وزيرا الخارجية: the dual of a title is still an office.
        firsts = {key[0], first} | {f[:-1] for f in (key[0], first) if f[-1:] in "يا" and len(f) > 3}
        if any((f, *key[1:]) in kb.titles for f in firsts):
            return True
    return False


def _mention(
    kb: KnowledgeBase, words: list[str], tokens: list[tuple[str, int]], s: _Span, text: str, vocab: set[str]
) -> Mention | None:
    start_word, end_word = s.start, s.end
    while end_word > start_word and (
        not _is_word(words[end_word - 1]) or (not s.entries and norm_word(words[end_word - 1]) in _CONNECTORS)
    ):
        end_word -= 1  # سلطان بن ⟨end of sentence⟩: a connector does not end a name
    if end_word <= start_word:
        return None
    if s.type == "PER" and not s.entries:
        # رحمه الله "God rest him" follows a name; it is not part of one.
        while end_word - start_word >= 2 and " ".join(norm_word(w) for w in words[end_word - 2 : end_word]) in _PIOUS:
            end_word -= 2
        if " ".join(norm_word(w) for w in words[start_word:end_word]) in _PIOUS:
            return None
    cut = s.cut
    forced_type = None
    if not s.entries:  # a tagger span: cut the clitic, a leading title, and any clause after the name
        stop = stopwords()
        for j in range(start_word + 1, end_word):
            if norm_word(words[j]) in stop:  # القوات ⟨التي دربتها …⟩: a relative clause is not the name
                end_word = j
                break
        while end_word - start_word > 1 and _function_word(words[start_word]):
            start_word += 1  # ⟨بأن⟩ …: a function word does not start a name
        if s.type in ("PER", "ORG"):
            while end_word - start_word > 1 and (_bare(words[end_word - 1]),) in kb.titles:
                end_word -= 1  # هيئة الأركان المشتركة ⟨الجنرال⟩: the next person's title
        if s.type == "LOC":
            while end_word - start_word > 1 and _bare(words[start_word]) in _PLACE_HEADS:
                start_word += 1  # ⟨قرية⟩ الجورة: the name is الجورة
        if s.type == "PER":
            while end_word - start_word > 1 and (
                (_bare(words[start_word]),) in kb.titles or _bare(words[start_word]) in _NOT_PERSON_HEADS
            ):
                start_word += 1  # ⟨نظام⟩ الأسد: the regime is not part of the person
        if end_word <= start_word:
            return None
        if _bare(words[end_word - 1]) in _MEDIA_TAILS:
            forced_type = "ORG"  # ⟨كورد أونلاين⟩ is an outlet, not a person
            if end_word - start_word == 1:
                if start_word == 0 or not _is_word(words[start_word - 1]) or _function_word(words[start_word - 1]):
                    return None
                start_word -= 1  # ⟨بلدي نيوز⟩: the word before names the outlet
        cut = _tagger_cut(kb, words[start_word], vocab)
        if end_word - start_word == 1 and kb.demonym(norm_word(words[start_word])):
            return None  # a nationality adjective is not a name
        if s.type == "PER" and end_word - start_word == 1:
            if _plural_adjective(kb, words[start_word]):
                return None  # براغماتيون، الإسلاميين: a plural adjective describes people, it names none
            if word_features(words[start_word])[1][2:] in kb.common_words and not _is_given(kb, words[start_word]):
                return None  # بأن ⟨القصف⟩: a word the corpora use as an ordinary word, almost never a name
    start = tokens[start_word][1] + cut
    end = tokens[end_word - 1][1] + len(tokens[end_word - 1][0])
    surface = text[start:end]
    if len(norm_word(surface).replace(" ", "")) < 2:
        return None
    kind = forced_type or s.type
    entry = s.entries[0] if s.entries else None
    if entry is None:
        if kind == "LOC":
            kind = _place_type(kb, words[start_word:end_word])
        if kind not in ("PER", "ORG", "GPE", "LOC", "FAC"):
            return None
    mention = Mention(text=surface, start=start, end=end, type=kind)
    if forced_type:
        mention.sector = "JRN"  # an outlet: its name at the head of a line is a credit
    if entry is not None and entry.id:
        _fill(mention, entry)
    elif entry is not None:  # an organisation phrase
        mention.country, mention.sector = entry.country, entry.sector
    return mention


def _plural_adjective(kb: KnowledgeBase, word: str) -> bool:
    """A masculine plural of a nisba adjective (-يون/-يين): براغماتيون، الجمهوريين."""
    bare = _bare(word)
    return len(bare) >= 6 and bare.endswith(("يون", "يين")) and not _is_given(kb, word)


def _tagger_cut(kb: KnowledgeBase, word: str, vocab: set[str]) -> int:
    """How many characters of attached clitic to cut from the first word of a tagger's name.

    و ف are cut as split_clitics says; ب ل ك only where the rest is a word of the
    article or a known name: لبوش → بوش, but لافرينتيف stays whole (افرينتيف is no word).
    """
    prefix, stem = _split(word)
    if not prefix or prefix[-1] not in "بلك":
        return len(prefix)
    rest = norm_word(stem)
    if rest in vocab or rest in kb.lead_words or any(strong for _, strong in kb.aliases.get((rest,), ())):
        # the rest is a word of the article, starts a longer name (بالأمم المتحدة) or is a
        # name that stands alone; not Latur, a far-away town, in بلاتر
        return len(prefix)
    return len(prefix) - 1 if prefix[:1] in "وف" and len(prefix) > 1 else 0


def _place_type(kb: KnowledgeBase, words: list[str]) -> str:
    head = norm_word(_split(words[0])[1])
    found = kb.org_heads.get(head)
    if found and found[0] == "FAC":
        return "FAC"
    if head in _LOC_HEADS:
        return "LOC"
    return "GPE"


def _fill(mention: Mention, entry: Entry) -> None:
    mention.id = entry.id
    mention.name_ar = entry.name_ar
    mention.name_en = entry.name_en
    mention.country = entry.country
    if entry.type in ("PER", "ORG"):
        mention.sector = entry.sector
        mention.role = entry.role
    else:
        mention.lat, mention.lon, mention.geonames_id = entry.lat, entry.lon, entry.geonames_id
        if mention.country == "XXX":
            mention.country = None  # a sea or region of several countries


def _drop_credits(mentions: list[Mention], text: str) -> None:
    """Agency credits in datelines and bylines (واس، (رويترز)، أ ف ب) are not entities."""
    keep = []
    for m in mentions:
        if m.type == "ORG" and m.sector == "JRN":
            before = text[max(0, m.start - 2) : m.start]
            after = text[m.end : m.end + 2]
            edge = m.start < _AGENCY_SPAN or m.end > len(text) - _AGENCY_SPAN or text[max(0, m.start - 1)] == "\n"
            if "(" in before and ")" in after or (edge and any(c in before + after for c in "-–|")):
                continue
        keep.append(m)
    mentions[:] = keep


def _link(mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Give every mention its grouping key; short forms and variants join the fullest form."""
    fullest: dict[str, Mention] = {}
    people = [m for m in mentions if m.type == "PER"]
    for m in mentions:
        norm = " ".join(R.WORD_RE.findall(norm_word(m.text)))
        m.key = m.id or "~" + m.type + ":" + norm
    # Persons: a mention whose words end a longer one's (لافروف ← سيرغي لافروف), or that
    # spells the same name under the variant rules (ترمب ← ترامب), takes its identity.
    # Compared once per distinct name, not per mention: a page may name one person 1,000 times.
    groups: dict[tuple[str, str | None], list[Mention]] = {}
    for m in people:
        groups.setdefault((norm_word(m.text), m.id), []).append(m)
    ordered = sorted(groups.values(), key=lambda g: -len(g[0].text))
    for i, group in enumerate(ordered):
        short = group[0]
        words = norm_word(short.text).split()
        for longer in ordered[:i]:
            long = longer[0]
            long_words = norm_word(long.text).split()
            if len(long_words) <= len(words):
                if not (short.id is None and long.id and kb.variants_agree(" ".join(words), " ".join(long_words))):
                    continue
            elif (len(words) == 1 and long_words[-2] in _PATRONYMIC) or (
                not _part_of(words, long_words)
                and not kb.variants_agree(" ".join(words), " ".join(long_words[-len(words) :]))
            ):
                continue  # سلمان alone is not محمد بن سلمان: that is his father's name
            if short.id and long.id and short.id != long.id:
                continue
            if short.id and not long.id and len(words) == 1:
                # ناصر ⟨القحطاني⟩: the article's own full name explains the family name better
                # than a known person who happens to bear it.
                for m in group:
                    m.id = m.name_ar = m.name_en = m.country = m.sector = m.role = None
            for m in group:
                _adopt(m, long)
            break
        if short.id is None and short.key.startswith("~"):
            _variant_id(short, kb)
            for m in group[1:]:
                if short.id:
                    _fill(m, kb.entries[short.id])
                    m.key = short.key
    for m in mentions:
        best = fullest.get(m.key)
        if best is None or len(m.text) > len(best.text):
            fullest[m.key] = m
    seen_text: set[tuple[str, str]] = set()
    for m in mentions:
        m.primary = fullest[m.key] is m
        if not m.primary:
            # Another spelling of the same entity is still a distinct name in the text.
            norm = " ".join(R.WORD_RE.findall(norm_word(m.text)))
            best_norm = " ".join(R.WORD_RE.findall(norm_word(fullest[m.key].text)))
            if m.type != "PER" and norm != best_norm and (norm, m.type) not in seen_text:
                m.primary = True
        if m.primary:
            seen_text.add((" ".join(R.WORD_RE.findall(norm_word(m.text))), m.type))


def _part_of(short: list[str], long: list[str]) -> bool:
    """لافروف in سيرغي لافروف; عادل الجبير in عادل بن أحمد الجبير: same last word, others in order."""
    if short[-1] != long[-1]:
        return False
    if len(short) == 1 and len(long) >= 2 and long[-2] in _PATRONYMIC:
        return False  # سلمان alone is not محمد بن سلمان: that is his father's name
    it = iter(long)
    return all(word in it for word in short)


def _adopt(short: Mention, long: Mention) -> None:
    short.key = long.key
    for name in ("id", "name_ar", "name_en", "country", "sector"):
        if getattr(short, name) is None:
            setattr(short, name, getattr(long, name))
    short.role = short.role or long.role


def _variant_id(m: Mention, kb: KnowledgeBase) -> None:
    """An unknown person's name that is a spelling variant of a known person's full name."""
    norm = " ".join(R.WORD_RE.findall(norm_word(m.text)))
    first = norm.split()[0] if norm else ""
    for key, hits in kb.people_like(first):
        for entry, strong in hits:
            if strong and entry.type == "PER" and kb.variants_agree(norm, " ".join(key)):
                _fill(m, entry)
                m.key = entry.id
                return


def _resolve_places(mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Coordinates for places; among homonyms, the one in a country the article names.

    The article's countries are those it names outright, and those of its places whose
    name has one meaning only; a homonym's own first guess does not count (طرابلس
    must not vote for Lebanon because Lebanon's Tripoli is first in the list).
    """
    candidates_of: dict[int, list[Entry]] = {}
    for i, m in enumerate(mentions):
        if m.type in _PLACE_TYPES:
            hits = kb.aliases.get(name_key(m.text), [])
            candidates_of[i] = [e for e, _ in hits if e.type in _PLACE_TYPES and e.lat is not None]
    countries = {
        m.country
        for i, m in enumerate(mentions)
        if i in candidates_of and m.id and m.country and (len({e.country for e in candidates_of[i]}) <= 1)
    }
    for i, m in enumerate(mentions):
        candidates = candidates_of.get(i)
        if not candidates:
            continue
        best = max(candidates, key=lambda e: _place_score(e, countries))
        if m.id and m.id == best.id:
            continue
        if m.id and m.lat is not None and _place_score(kb.entries[m.id], countries) >= _place_score(best, countries):
            continue
        m.type = m.type if m.id else best.type
        _fill(m, best)
        m.key = best.id


def _place_score(entry: Entry, countries: set[str]) -> float:
    rank = _KIND_RANK.get(entry.kind, 3)
    home = 2.5 if entry.country in countries else 0.0
    return rank + home + math.log10(1 + entry.population) / 2


def link_across_store(
    mentions: list[Mention],
    people_by_family: Callable[[Iterable[str]], dict[str, list[str]]],
    *,
    kb: KnowledgeBase | None = None,
) -> list[Mention]:
    """A person's family name alone (القطامي) joins the full name an earlier article gave.

    Persons the knowledge base lacks are remembered by family name when stored (the
    store's ``person_names``). A one-word person here that no fuller mention of the
    article explains takes that person's key when exactly one remembered person bears
    the name and that person's name starts with a given name (tagger slips such as
    بأن المملكة are not followed). Known persons need none of this: ids link them.
    """
    kb = kb or default_kb()
    alone = [m for m in mentions if m.type == "PER" and m.key.startswith("~PER:") and " " not in m.key]
    if not alone:
        return mentions
    found = people_by_family({m.key[len("~PER:") :] for m in alone})
    for m in alone:
        keys = [k for k in found.get(m.key[len("~PER:") :], []) if k[len("~PER:") :].split(" ", 1)[0] in kb.given_names]
        if len(keys) == 1:
            m.key = keys[0]
    return mentions


def load_tagger() -> pycrfsuite.Tagger | None:
    """The shipped CRF model, loaded from the package (never downloaded)."""
    model = resources.files("masar.entities").joinpath("model/ner.crfsuite")
    if not model.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(model) as path:
        tagger.open(str(path))
    return tagger


def extractor_for(actors: Iterable[Path] = (), places: Iterable[Path] = ()) -> Extractor:
    """The shipped extractor, or one whose knowledge base has the user's actor and place files."""
    actors, places = tuple(actors), tuple(places)
    if actors or places:
        return Extractor(load_kb(actors, places), load_tagger())
    return default_extractor()


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor(default_kb(), load_tagger())


def extract(text: str) -> list[Mention]:
    """Entities and places of one article's text (see the module docstring)."""
    return default_extractor().extract(text)
