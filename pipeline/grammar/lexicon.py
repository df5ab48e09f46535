"""The word lists of the people grammar, loaded once into one frozen object.

Every list is a TSV under ``pipeline/data/`` with its provenance in the file's
comment header (see ``pipeline/data/README.md``). The segment stage reads the
same lists to build its jieba user dictionary, so that title heads, byline
roles and clause breakers come out as whole tokens: ``segmenter_words``, which
lives in ``pipeline/grammar/lexicon_words.py`` (so that ``segment`` imports
nothing from ``slots/``) and is re-exported here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.grammar.lexicon_words import segmenter_words  # noqa: F401 (public here too)
from xinwen.pipeline.resources import Row, load_tsv, load_words

CATEGORIES = ("official", "business", "academic", "association", "journalist", "other")
MARKER_SCOPES = ("organization", "unit")
# Kinds of name followers whose one-character words (为, 在, 和, 也) also end given names.
_WEAK_KINDS = ("preposition", "conjunction", "particle", "adverb")


@dataclass(frozen=True)
class TitleWord:
    word: str
    kind: str
    strong: bool


@dataclass(frozen=True)
class PeopleLexicon:
    surnames: frozenset[str]  # single-character surnames
    compound_surnames: frozenset[str]  # two-character surnames (欧阳, 诸葛)
    title_words: dict[str, TitleWord]  # head word → row
    org_markers: dict[str, str]  # marker → kind
    unit_markers: frozenset[str]  # markers that also name a part of another organization (党委)
    byline_roles: dict[str, str]  # role as written → title given
    title_modifiers: frozenset[str]  # 常务, 副, 名誉: part of the title head, not the organization
    honorifics: frozenset[str]
    followers: frozenset[str]  # words after which a name has ended (表示, 出席, 在)
    connectors: frozenset[str]  # followers that join two people (与, 和, 及)
    weak_followers: frozenset[str]  # one-character followers also common in given names (为, 在)
    breakers: frozenset[str]
    role_verbs: frozenset[str]  # breakers whose object is their subject's title (担任)
    list_closers: frozenset[str]  # breakers closing a list of names, its title after them (等)

    @cached_property
    def max_title_len(self) -> int:
        return max(map(len, self.title_words))

    @cached_property
    def title_ends(self) -> frozenset[str]:
        """The last characters of the title head words: a text ending otherwise has no head."""
        return frozenset(word[-1] for word in self.title_words)

    @cached_property
    def whole_markers(self) -> frozenset[str]:
        """Organization markers that name the kind of a whole organization (大学, 公司)."""
        return frozenset(self.org_markers) - self.unit_markers

    @cached_property
    def name_enders(self) -> frozenset[str]:
        """Words after which a name has ended: followers, title heads, honorifics, roles."""
        return (self.followers | self.honorifics | frozenset(self.title_words)
                | frozenset(self.byline_roles))

    @cached_property
    def max_ender_len(self) -> int:
        return max(map(len, self.name_enders))

    @cached_property
    def function_words(self) -> frozenset[str]:
        """Words that are never part of a name: the name enders and the clause breakers."""
        return self.name_enders | self.breakers


def load_people_lexicon() -> PeopleLexicon:
    """Read and check every list of the people grammar."""
    surnames = [row["surname"] for row in load_tsv("surnames.tsv", ("surname", "source"),
                                                   key="surname")]
    titles = {}
    for row in load_tsv("title_words.tsv", ("word", "kind", "strength", "example"), key="word"):
        _check_choice(row, row["kind"], CATEGORIES)
        _check_choice(row, row["strength"], ("strong", "weak"))
        titles[row["word"]] = TitleWord(row["word"], row["kind"], row["strength"] == "strong")
    markers, units = {}, set()
    for row in load_tsv("org_markers.tsv", ("marker", "kind", "scope", "example"), key="marker"):
        _check_choice(row, row["kind"], CATEGORIES)
        _check_choice(row, row["scope"], MARKER_SCOPES)
        markers[row["marker"]] = row["kind"]
        if row["scope"] == "unit":
            units.add(row["marker"])
    followers = load_tsv("name_followers.tsv", ("word", "kind", "example"), key="word")
    breakers = load_tsv("clause_breakers.tsv", ("word", "kind"), key="word")
    roles = {row["role"]: row["title"]
             for row in load_tsv("byline_roles.tsv", ("role", "title"), key="role")}
    return PeopleLexicon(
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        title_words=titles,
        org_markers=markers,
        unit_markers=frozenset(units),
        byline_roles=roles,
        title_modifiers=frozenset(load_words("title_modifiers.tsv")),
        honorifics=frozenset(load_words("honorifics.tsv")),
        followers=frozenset(row["word"] for row in followers),
        connectors=frozenset(row["word"] for row in followers if row["kind"] == "conjunction"),
        weak_followers=frozenset(row["word"] for row in followers
                                 if len(row["word"]) == 1 and row["kind"] in _WEAK_KINDS),
        breakers=frozenset(row["word"] for row in breakers),
        role_verbs=frozenset(row["word"] for row in breakers if row["kind"] == "role_verb"),
        list_closers=frozenset(row["word"] for row in breakers if row["kind"] == "list_closer"),
    )


def _check_choice(row: Row, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        problem = f"'{value}' is not one of {', '.join(allowed)}"
        raise PipelineError(Errors.E020.format(path=row.path, line=row.line, problem=problem))
