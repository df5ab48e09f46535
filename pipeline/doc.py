"""Data model: Document, OffsetMap and the slot records. No I/O here.

Coordinates. Every stage after normalization works on ``Document.text`` (the
simplified, repaired working text). Slot records keep spans as ``(start, end)``
in *working-text* coordinates; ``pipeline.export`` converts them to raw
coordinates through ``Document.offset_map`` when it writes a record. Nothing
but normalization ever looks at raw offsets directly.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from xinwen.pipeline.errors import Errors, PipelineError


@dataclass(frozen=True, slots=True, repr=False)
class Span:
    """Half-open ``[start, end)`` range of code points, with the id of the rule that found it.

    The one span type: every range a stage keeps is a ``Span`` or a subclass that adds what
    was found there (``Token``, ``Entity``; the NER backends' ``EntitySpan`` and
    ``TaggedToken``; the grammar's ``Tok``, ``Hit`` and ``DayMention``, whose offsets are in
    the piece of text they were given). The document's spans are in working-text
    coordinates and converted to raw offsets once, by ``pipeline.export``.

    ``rule`` (a row id of a ``pipeline/data/*.tsv`` file) takes no part in equality: two
    spans over the same characters are the same span whoever found them.

    >>> Span(0, 2) == Span(0, 2, "mention.repeat"), Span(0, 2, "x")
    (True, Span(start=0, end=2, rule='x'))
    """

    start: int
    end: int
    rule: str | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        tail = "" if self.rule is None else f", rule={self.rule!r}"
        return f"Span(start={self.start}, end={self.end}{tail})"

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


class OffsetMap:
    """Maps each working-text character to the ``[start, end)`` raw range it came from.

    Ranges are monotone: both starts and ends never decrease along the text.
    Several working characters may share one raw range (a repaired garble
    site is one unit); raw characters that were deleted (pinyin annotations,
    folded whitespace) are absorbed into a neighbouring character's range.

    >>> m = OffsetMap([(0, 5), (5, 9)], raw_length=9)
    >>> m.to_raw(0, 2)
    Span(start=0, end=9)
    >>> m.to_raw(1, 2)
    Span(start=5, end=9)
    """

    __slots__ = ("_ranges", "raw_length")

    def __init__(self, ranges: list[tuple[int, int]], raw_length: int) -> None:
        self._ranges = ranges
        self.raw_length = raw_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(i, i + 1) for i in range(length)], raw_length=length)

    def __len__(self) -> int:
        return len(self._ranges)

    def __getitem__(self, index: int) -> tuple[int, int]:
        return self._ranges[index]

    @property
    def ranges(self) -> list[tuple[int, int]]:
        return list(self._ranges)

    def to_raw(self, start: int, end: int) -> Span:
        """Raw span covering working-text characters ``[start, end)``."""
        if not 0 <= start < end <= len(self._ranges):
            raise PipelineError(Errors.E001.format(start=start, end=end, length=len(self._ranges)))
        return Span(self._ranges[start][0], self._ranges[end - 1][1])

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Map of a later step: ``inner`` maps new text → this map's text."""
        ranges = [(self._ranges[s][0], self._ranges[e - 1][1]) for s, e in inner._ranges]
        return OffsetMap(ranges, raw_length=self.raw_length)


@dataclass(slots=True)
class Diagnostic:
    """A problem met while processing one document (contract ``errors`` item)."""

    stage: str
    message: str
    code: str = ""
    fatal: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "message": self.message, "code": self.code}


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity(Span):
    """A named entity: the span of its characters with its text, label and recogniser.

    >>> Entity(start=0, end=2, text="青岛", label="LOC", source="lac").as_dict()
    {'start': 0, 'end': 2}
    """

    text: str
    label: str  # PER | ORG | LOC
    source: str = ""  # e.g. "lac", "grammar"



@dataclass(frozen=True, slots=True)
class NerCoverage:
    """What the NER backend read of a document (``pipeline.ner_scope``): the scope
    (``gated`` or ``all``), the pieces of text it read, how many sentences they touch,
    and how many sentences and characters of sentences the working text has."""

    scope: str
    pieces: tuple[Span, ...]
    sentences: int
    sentences_total: int
    chars_total: int

    @property
    def chars(self) -> int:
        return sum(s.end - s.start for s in self.pieces)


@dataclass(frozen=True, slots=True, kw_only=True)
class Token(Span):
    """A word of the segmentation: its span, its text and its part-of-speech tag."""

    text: str
    pos: str = ""


@dataclass(slots=True)
class Person:
    name: str
    titles: list[str]
    organization: str | None
    category: str
    mentions: list[Span]  # each with the rule that framed it, else mention.repeat
    title_rules: list[str] = field(default_factory=list)  # parallel to titles (people_rules.tsv)
    rule: str | None = None  # the rule of its first frame


@dataclass(slots=True)
class Amount:
    text: str
    value: float
    currency: str
    qualifier: str
    value_max: float | None
    subject: str | None
    span: Span
    rule: str | None = None  # the quantity_patterns.tsv row that read it


@dataclass(slots=True)
class Area:
    text: str
    value: float
    unit: str
    square_meters: float
    qualifier: str
    subject: str | None
    span: Span
    value_max: float | None = None
    rule: str | None = None  # the quantity_patterns.tsv row that read it


@dataclass(slots=True)
class Jobs:
    """A count of jobs created or offered (contract 1.1 ``jobs``; pipeline/slots/jobs.py)."""

    text: str  # the count as written, qualifier words included (不少于5000个)
    value: float
    qualifier: str  # the Amount vocabulary
    value_max: float | None
    subject: str | None  # the job phrase written next to the count (提供就业岗位)
    span: Span
    rule: str | None = None  # the jobs_patterns.tsv row that read it


@dataclass(slots=True)
class Signing:
    project_count: int | None
    projects: list[str]
    parties: list[str]
    signatories: list[str]
    fields: list[str]
    total_investment: float | None
    date: str | None
    place: str | None
    spans: list[Span]
    venue: str | None = None
    region: dict[str, str | None] | None = None
    total_ref: int | None = None  # index into Document.amounts of the stated total (any currency)
    people_refs: list[dict[str, object]] = field(default_factory=list)
    rule: str | None = None  # id of the trigger row of its first report (signing_patterns.tsv)
    rules: list[str] = field(default_factory=list)  # value rules that shaped it (signing_value_rules.tsv)


@dataclass(slots=True)
class Meta:
    title: str | None = None
    outlet: str | None = None
    published_at: str | None = None
    event_date: str | None = None
    place: str | None = None
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    venue: str | None = None
    region: dict[str, str | None] | None = None
    rules: dict[str, str] = field(default_factory=dict)  # field → id of the rule that filled it
    # Working fields, not in the record (``WORKING``): the article's own date that relative
    # days resolve against (dateline day, else publication or reference date) and the year
    # that month-days without one belong to; later stages (signings) read them here.
    anchor: str | None = None
    event_year: int | None = None

    WORKING = ("anchor", "event_year")  # a class attribute (no annotation): not a field

    def as_record(self) -> dict[str, Any]:
        """The contract's ``meta`` object: every field but the working ones."""
        return {name: value for name, value in asdict(self).items() if name not in self.WORKING}


@dataclass(slots=True)
class SourceInfo:
    path: str | None  # None for a text passed to the Python API (xinwen.extract)
    sha256: str
    encoding: str
    format: str


@dataclass
class Document:
    """One input article moving through the stages.

    ``raw`` is the decoded input and is never mutated. ``text`` is the working
    text; ``offset_map[i]`` is the raw range of ``text[i]``.
    """

    doc_id: str
    raw: str
    source: SourceInfo
    text: str = ""
    offset_map: OffsetMap | None = None
    form: str = "simplified"
    repaired: int = 0
    unrecoverable: int = 0
    # ``raw`` of an HTML input is the extracted article text; the byte-level
    # page is kept here for reference only (see README, "HTML offsets").
    reference_date: str | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    ner_coverage: NerCoverage | None = None  # set by the ner stage
    people: list[Person] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    signings: list[Signing] = field(default_factory=list)
    jobs: list[Jobs] = field(default_factory=list)
    meta: Meta = field(default_factory=Meta)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> Span:
        """Raw-text span of working-text ``[start, end)``."""
        if self.offset_map is None:
            raise PipelineError(Errors.E002.format(doc_id=self.doc_id))
        return self.offset_map.to_raw(start, end)

    def warn(self, stage: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(stage=stage, message=message, code=code))
