"""Fuzzing normalize, the readers and extract on mixtures of named alphabets (issue 15).

Properties: no exception escapes; every input yields exactly one schema-valid
record (one per non-blank line for JSONL); every span indexes the raw text;
the output is deterministic; no stage crashes (no E040 record).

CI runs each property with a bounded, derandomized profile (``CI``: 300
examples for ``extract``); ``pytest -m fuzz`` runs the long profile
(``LONG``), which the default run deselects (``pyproject.toml`` addopts).
"""
from __future__ import annotations

import gzip
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinwen.pipeline.doc import Document
from xinwen.pipeline.export import error_record, schema_problems
from xinwen.pipeline.normalize import normalize_text
from xinwen.pipeline.pinyin import PinyinTable
from xinwen.pipeline.readers import ReadFailure, iter_inputs
from xinwen.pipeline.workers import Limits, process
from tests.conftest import article

pytestmark = pytest.mark.issue(15)

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
CI = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=_QUIET)
CI_SMALL = settings(CI, max_examples=150)
LONG = settings(max_examples=5000, deadline=None, suppress_health_check=_QUIET)

TABLE = PinyinTable.load()
SYLLABLES = sorted(TABLE.syllables)
SEED_CHARS = sorted(set(article("seed") + article("dev001")) - set("\r"))

# ------------------------------------------------------------ named alphabets

cjk = st.one_of(
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6),
    st.text(st.sampled_from(SEED_CHARS), min_size=1, max_size=12),
    st.sampled_from(["青岛市", "崂山区", "签约", "项目", "总投资", "副市长", "市委常委、", "有限公司"]),
)
toned_pinyin = st.sampled_from(SYLLABLES).map(lambda s: f"({s})")
garbled_pinyin = st.sampled_from(SYLLABLES).map(lambda s: f"?{s}")
html_fragment = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "<script>x()</script>", "&nbsp;", "&amp;",
    "<title>", "</title>", "<article>", "<!-- c -->", "<nav>首页</nav>", "<", ">", "&#x9752;",
])
arabic_number = st.integers(min_value=0, max_value=10**12).map(str)
fullwidth_number = arabic_number.map(lambda s: s.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
chinese_number = st.text(st.sampled_from("零〇一二两三四五六七八九十百千万亿点余多"), min_size=1,
                         max_size=6)
unit = st.sampled_from(["亿元", "万元", "元", "美元", "亩", "平方米", "万平方米", "公顷", "个", "%",
                        "％", "以上", "左右", "近", "超", "约", "至", "-", "、"])
quantity = st.tuples(st.one_of(arabic_number, fullwidth_number, chinese_number), unit).map("".join)
punctuation = st.sampled_from(list("，。、；：？！“”（）《》()[]{}\n\r\t \u3000\u00a0\ufeff\x00"))
piece = st.one_of(cjk, toned_pinyin, garbled_pinyin, html_fragment, quantity, punctuation,
                  st.text(max_size=3))
mixture = st.lists(piece, max_size=30).map("".join)

ENCODINGS = ("utf-8", "gb18030", "big5")


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode()


# ------------------------------------------------------------ checks


def check_spans(record: dict) -> None:
    chars = record["text"]["chars"]
    spans = [p for person in record["people"] for p in person["mentions"]]
    spans += [item["span"] for name in ("amounts", "areas", "entities") for item in record[name]]
    spans += [s for signing in record["signings"] for s in signing["spans"]]
    for span in spans:
        assert 0 <= span["start"] < span["end"] <= chars, span


def one_record(item: Document | ReadFailure, nlp) -> tuple[dict, str]:
    if isinstance(item, ReadFailure):
        from xinwen.pipeline.export import dumps

        record = error_record(item)
        return record, dumps(record)
    return process(item, nlp, Limits(doc_timeout=None))


def check_extract(nlp, text: str, encoding: str, form: str, gzipped: bool) -> None:
    data = encode(text, encoding)
    if form == "html":
        data = b"<html><body><p>" + data + b"</p></body></html>"
    if gzipped:
        data = gzip.compress(data, mtime=0)
    fmt = {"txt": "text", "html": "html"}[form]
    items = list(iter_inputs(["-"], stdin=io.BytesIO(data), fmt=fmt))
    assert len(items) == 1
    record, line = one_record(items[0], nlp)
    assert schema_problems(record) == []
    assert [e["code"] for e in record["errors"] if e["code"] == "E040"] == [], record["errors"]
    if isinstance(items[0], Document):
        assert record["text"]["chars"] == len(items[0].raw)
        again = list(iter_inputs(["-"], stdin=io.BytesIO(data), fmt=fmt))[0]
        assert one_record(again, nlp)[1] == line  # deterministic
    check_spans(record)


def check_read_file(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "x" + suffix)
        path.write_bytes(data)
        items = list(iter_inputs([str(path)]))
    if suffix.removesuffix(".gz") == ".jsonl":
        assert len(items) >= 1
    else:
        assert len(items) == 1
    for item in items:
        if isinstance(item, Document):
            assert item.raw.strip()
        else:
            assert item.code.startswith("E03") or item.code == "E085"


# ------------------------------------------------------------ the properties (CI profile)

extract_case = dict(text=mixture, encoding=st.sampled_from(ENCODINGS),
                    form=st.sampled_from(["txt", "html"]), gzipped=st.booleans())
file_case = dict(
    data=st.one_of(
        st.binary(max_size=200),
        st.tuples(mixture, st.sampled_from(ENCODINGS)).map(lambda t: encode(*t)),
        mixture.map(lambda t: t.encode("gbk", errors="replace")),
        mixture.map(lambda t: t.encode("big5", errors="replace")),
        st.tuples(mixture, st.integers(0, 5)).map(lambda t: t[0].encode()[: -t[1] or None]),
    ),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".txt.gz", ".jsonl.gz"]),
)


@CI
@given(**extract_case)
def test_extract_never_raises_and_gives_one_valid_record(nlp, text, encoding, form, gzipped):
    check_extract(nlp, text, encoding, form, gzipped)


@CI_SMALL
@given(**file_case)
def test_readers_give_one_item_per_document(data, suffix):
    check_read_file(gzip.compress(data, mtime=0) if suffix.endswith(".gz") else data, suffix)


@CI
@given(text=mixture)
def test_normalize_maps_every_character_into_the_raw_text(text):
    normalized = normalize_text(text)
    ranges = normalized.offset_map.ranges
    assert len(ranges) == len(normalized.text)
    assert all(0 <= start < end <= len(text) for start, end in ranges)
    assert normalize_text(text).text == normalized.text


@CI_SMALL
@given(text=mixture)
def test_jsonl_lines_each_give_one_record(nlp, text):
    import json

    lines = [json.dumps({"id": f"n{i}", "text": part}, ensure_ascii=False)
             for i, part in enumerate(text.split("\n"))]
    data = ("\n".join(lines) + "\n").encode()
    items = list(iter_inputs(["-"], stdin=io.BytesIO(data), fmt="jsonl"))
    assert [item.doc_id for item in items] == [f"n{i}" for i in range(len(lines))]
    for item in items:
        record, _ = one_record(item, nlp)
        assert schema_problems(record) == []


# ------------------------------------------------------------ long profile: pytest -m fuzz


@pytest.mark.fuzz
@LONG
@given(**extract_case)
def test_extract_long(nlp, text, encoding, form, gzipped):
    check_extract(nlp, text, encoding, form, gzipped)


@pytest.mark.fuzz
@LONG
@given(**file_case)
def test_readers_long(data, suffix):
    check_read_file(gzip.compress(data, mtime=0) if suffix.endswith(".gz") else data, suffix)

