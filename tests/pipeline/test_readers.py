"""Readers: formats, encodings, doc_ids, order, and the exact failure messages."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from xinwen.pipeline.doc import Document
from xinwen.pipeline.readers import ReadFailure, detect_encoding, html_to_text, iter_inputs, walk

# Short texts taken from the bundled corpus, encoded by the tests themselves.
SIMPLIFIED = "青岛新闻网 8月22日讯(记者 崔文静)在今天下午召开的 2019夏季央企青岛行大会上,青岛再签 14个合作项目,总投资额 537亿。"  # dev001
TRADITIONAL = "本報12月3日訊(記者 齊春贊) 12月3日,2020青島文旅重點項目集中簽約暨路演峰會在青島國際會議中心舉行。"  # dev028
TRADITIONAL_SHORT = "瀋陽市委常委、新民市委書記馬原在瀋陽主會場與相關企業進行現場簽約。"  # dev031


def read(paths, **kwargs) -> list[Document | ReadFailure]:
    return list(iter_inputs([str(path) for path in paths], **kwargs))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def only(items):
    assert len(items) == 1, items
    return items[0]


# ------------------------------------------------------------------ text and encodings


def test_utf8_text_file(tmp_path):
    path = write(tmp_path / "seed.txt", SIMPLIFIED + "\r\n")
    doc = only(read([path]))
    assert isinstance(doc, Document)
    assert doc.doc_id == "seed"
    assert doc.raw == SIMPLIFIED + "\r\n"  # raw is the decoded text, untouched
    assert doc.source.path == str(path)
    assert doc.source.encoding == "utf-8"
    assert doc.source.format == "text"
    assert doc.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.diagnostics == []


def test_utf8_bom_is_stripped_and_recorded(tmp_path):
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf" + SIMPLIFIED.encode())
    doc = only(read([path]))
    assert (doc.raw, doc.source.encoding) == (SIMPLIFIED, "utf-8-sig")


CASES_ENCODING = [
    # (id, text, codec used to write the file, expected source.encoding)
    ("gbk-simplified-dev001", SIMPLIFIED, "gbk", "gb18030"),
    ("gb2312-simplified-dev001", SIMPLIFIED, "gb2312", "gb18030"),
    ("gb18030-simplified-dev001", SIMPLIFIED, "gb18030", "gb18030"),
    ("gbk-traditional-dev028", TRADITIONAL, "gbk", "gb18030"),
    ("big5-traditional-dev028", TRADITIONAL, "big5", "big5"),
    ("big5-traditional-dev031", TRADITIONAL_SHORT, "big5", "big5"),
    ("cp950-traditional-dev031", TRADITIONAL_SHORT, "cp950", "big5"),
]


@pytest.mark.parametrize(
    ("text", "codec", "expected"), [case[1:] for case in CASES_ENCODING],
    ids=[case[0] for case in CASES_ENCODING],
)
def test_legacy_encodings_are_detected(tmp_path, text, codec, expected):
    path = write(tmp_path / "a.txt", text.encode(codec))
    doc = only(read([path]))
    assert isinstance(doc, Document), doc
    assert doc.raw == text
    assert doc.source.encoding == expected
    assert doc.diagnostics == []  # a sentence is plenty to be sure


def test_big5_only_in_cp950_is_recorded_as_cp950():
    # 碁 (C94A) and the euro sign (A3E1) exist in cp950 but not in plain Big5.
    text, encoding, _ = detect_encoding("碁€".encode("cp950") + TRADITIONAL.encode("big5"))
    assert (text[:2], encoding) == ("碁€", "cp950")


def test_close_call_is_a_warning_on_the_document(tmp_path):
    path = write(tmp_path / "a.txt", "青岛".encode("gbk"))  # two characters decide nothing
    doc = only(read([path]))
    assert doc.raw == "青岛"
    assert [(d.stage, d.code, d.message) for d in doc.diagnostics] == [
        ("read", "W002", "[W002] Encoding detected as gb18030 with low confidence.")
    ]


def test_html_charset_declaration_breaks_a_tie(tmp_path):
    page = '<html><head><meta charset="big5"></head><body><p>青島</p></body></html>'
    path = write(tmp_path / "a.html", page.encode("big5"))
    doc = only(read([path]))
    assert (doc.raw, doc.source.encoding, doc.diagnostics) == ("青島", "big5", [])


# ------------------------------------------------------------------ failures (exact messages)


def failure(item) -> tuple[str, str, str]:
    assert isinstance(item, ReadFailure), item
    return item.doc_id, item.code, item.message


def test_empty_file(tmp_path):
    path = write(tmp_path / "empty.txt", b"")
    assert failure(only(read([path]))) == ("empty", "E031", f"[E031] {path} is empty.")


def test_blank_file_is_empty(tmp_path):
    path = write(tmp_path / "blank.txt", " \n\u3000\n".encode())
    assert failure(only(read([path]))) == ("blank", "E031", f"[E031] {path} is empty.")


def test_undecodable_file(tmp_path):
    path = write(tmp_path / "noise.txt", b"\x80\xff\x80\xff\x7f\xfe\xff")
    item = only(read([path]))
    message = f"[E032] {path}: cannot decode as UTF-8, GB18030 or Big5."
    assert failure(item) == ("noise", "E032", message)
    assert item.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert item.encoding is None


def test_missing_path(tmp_path):
    path = tmp_path / "nowhere" / "gone.txt"
    item = only(read([path]))
    assert failure(item) == ("gone", "E036", f"[E036] No such file or directory: {path}")
    assert (item.sha256, item.format) == (None, "text")


def test_broken_link_cannot_be_read(tmp_path):
    path = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "target-that-does-not-exist.txt", path)
    message = f"[E030] Cannot read {path}: No such file or directory"
    assert failure(only(read([path]))) == ("dangling", "E030", message)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission(tmp_path):
    path = write(tmp_path / "locked.txt", SIMPLIFIED)
    path.chmod(0)
    message = f"[E030] Cannot read {path}: Permission denied"
    assert failure(only(read([path]))) == ("locked", "E030", message)


def test_corrupt_gzip_cannot_be_read(tmp_path):
    path = write(tmp_path / "bad.txt.gz", b"not gzip at all")
    message = f"[E030] Cannot read {path}: Not a gzipped file (b'no')"
    assert failure(only(read([path]))) == ("bad", "E030", message)


def test_html_without_text(tmp_path):
    path = write(tmp_path / "page.html", "<html><body><script>var a = 1;</script><nav>首页</nav></body></html>")
    message = f"[E035] {path}: no article text found in the HTML."
    assert failure(only(read([path]))) == ("page", "E035", message)


# ------------------------------------------------------------------ gzip, HTML, JSONL


def test_gzipped_text(tmp_path):
    data = SIMPLIFIED.encode("gbk")
    path = write(tmp_path / "a.txt.gz", gzip.compress(data))
    doc = only(read([path]))
    assert (doc.doc_id, doc.raw, doc.source.format, doc.source.encoding) == (
        "a", SIMPLIFIED, "text", "gb18030"
    )
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()  # of the decompressed bytes


PAGE = """<!DOCTYPE html>
<html><head><title>16个项目签约 - 青岛新闻网</title><style>p {color: red}</style>
<script>document.write("广告")</script></head>
<body>
  <nav><a href="/">首页</a> | <a href="/qd">青岛</a></nav>
  <header>青岛新闻网</header>
  <article>
    <h1>16个项目签约，青岛市虚拟现实产业园“逐浪”大湾区</h1>
    <p>　　今天下午，<b>青岛</b>市在深圳举行
       推介会。</p>
    <p>共签约<span>16</span>个项目<br>总投资100亿元。</p>
    <!-- 评论 -->
  </article>
  <footer>版权所有</footer>
</body></html>"""


def test_html_article_text(tmp_path):
    path = write(tmp_path / "page.htm", PAGE)
    doc = only(read([path]))
    assert doc.raw == (
        "16个项目签约，青岛市虚拟现实产业园“逐浪”大湾区\n"
        "今天下午，青岛市在深圳举行 推介会。\n"
        "共签约16个项目\n"
        "总投资100亿元。"
    )
    assert (doc.doc_id, doc.source.format) == ("page", "html")
    assert doc.source.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()


def test_html_title_leads_when_there_is_no_h1():
    markup = "<html><head><title>签约仪式</title></head><body><div>共签约<i>5</i>个项目</div><div>完</div></body></html>"
    assert html_to_text(markup) == "签约仪式\n共签约5个项目\n完"


def test_html_block_boundaries_inside_mixed_content():
    assert html_to_text("<body><div>甲<p>乙</p>丙</div></body>") == "甲\n乙\n丙"


def test_gzipped_html_in_gbk(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>青岛市</p></body></html>'
    path = write(tmp_path / "p.html.gz", gzip.compress(page.encode("gbk")))
    doc = only(read([path]))
    assert (doc.doc_id, doc.raw, doc.source.encoding, doc.source.format) == (
        "p", "青岛市", "gb18030", "html"
    )


JSONL_LINES = [
    json.dumps({"id": "qd-1", "text": "青岛签约16个项目"}, ensure_ascii=False),
    json.dumps({"text": "无编号的文章"}, ensure_ascii=False),
    "",
    '{"id": "qd-3", "text": "断开',
    "[1, 2]",
    json.dumps({"id": 7, "body": "别的键"}, ensure_ascii=False),
    json.dumps({"id": 8, "text": "含\u2028分隔符"}, ensure_ascii=False),
]


def test_jsonl_good_and_bad_lines(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n".join(JSONL_LINES) + "\n")
    items = read([path])
    summary = [
        (item.doc_id, "ok" if isinstance(item, Document) else item.code) for item in items
    ]
    assert summary == [
        ("qd-1", "ok"), ("feed:2", "ok"), ("feed:4", "E033"), ("feed:5", "E033"), ("7", "E034"),
        ("8", "ok"),
    ]
    assert items[0].raw == "青岛签约16个项目"
    assert items[0].source.path == f"{path}:1"
    assert items[0].source.sha256 == hashlib.sha256(JSONL_LINES[0].encode()).hexdigest()
    assert items[5].raw == "含\u2028分隔符"  # U+2028 inside a string does not split the line
    assert items[2].message == (
        f"[E033] {path}:4: invalid JSON: Unterminated string starting at (column 24)"
    )
    assert items[3].message == f"[E033] {path}:5: invalid JSON: expected an object, got list"
    assert items[4].message == f"[E034] {path}:6: no text under key 'text'."


def test_jsonl_custom_keys_and_gzip(tmp_path):
    lines = [{"url": "u1", "content": "第一篇"}, {"url": "u2", "content": "第二篇"}]
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("gb18030")
    path = write(tmp_path / "feed.jsonl.gz", gzip.compress(data))
    items = read([path], text_key="content", id_key="url")
    assert [(d.doc_id, d.raw, d.source.encoding) for d in items] == [
        ("u1", "第一篇", "gb18030"), ("u2", "第二篇", "gb18030")
    ]


# ------------------------------------------------------------------ directories, order, stdin


def test_directory_recursion_order_and_doc_ids(tmp_path):
    root = tmp_path / "in"
    write(root / "b" / "2.txt", "乙二")
    write(root / "b" / "1.HTML", "<p>乙一</p>")
    write(root / "a.txt", "甲")
    write(root / "a-b.txt", "甲乙")
    write(root / "2023" / "03" / "x.txt.gz", gzip.compress("三月".encode()))
    write(root / "c" / "feed.jsonl", '{"text": "丙"}\n')
    write(root / "notes.md", "不读")
    write(root / ".hidden.txt", "不读")
    write(root / ".git" / "x.txt", "不读")
    items = read([root])
    assert [(item.doc_id, item.raw) for item in items] == [
        ("2023/03/x", "三月"), ("a-b", "甲乙"), ("a", "甲"), ("b/1", "乙一"), ("b/2", "乙二"),
        ("c/feed:1", "丙"),
    ]  # sorted by path parts, file names with their extensions ("-" < ".")
    assert items[0].source.path == str(root / "2023" / "03" / "x.txt.gz")


def test_walk_keeps_broken_links_with_a_supported_name(tmp_path):
    os.symlink(tmp_path / "missing", tmp_path / "x.txt")
    write(tmp_path / "y.txt", "乙")
    assert [rel.as_posix() for _, rel in walk(tmp_path)] == ["x.txt", "y.txt"]


def test_inputs_keep_the_order_given(tmp_path):
    b = write(tmp_path / "b.txt", "乙")
    a = write(tmp_path / "a.txt", "甲")
    missing = tmp_path / "m.txt"
    assert [item.doc_id for item in read([b, missing, a])] == ["b", "m", "a"]


def test_a_file_given_by_name_is_read_whatever_its_extension(tmp_path):
    doc = only(read([write(tmp_path / "notes.md", "甲乙")]))
    assert (doc.doc_id, doc.raw, doc.source.format) == ("notes", "甲乙", "text")


def test_empty_directory_yields_nothing(tmp_path):
    assert read([tmp_path]) == []


CASES_STDIN = [
    # (id, bytes on stdin, expected [(doc_id, raw, format)])
    ("text", SIMPLIFIED.encode(), [("stdin-1", SIMPLIFIED, "text")]),
    ("text-big5", TRADITIONAL.encode("big5"), [("stdin-1", TRADITIONAL, "text")]),
    ("html", b"<html><body><p>\xe7\x94\xb2</p></body></html>", [("stdin-1", "甲", "html")]),
    ("jsonl", '{"text": "甲"}\n{"id": "k", "text": "乙"}\n'.encode(),
     [("stdin-1", "甲", "jsonl"), ("k", "乙", "jsonl")]),
    ("gzip", gzip.compress("甲".encode()), [("stdin-1", "甲", "text")]),
]


@pytest.mark.parametrize(
    ("data", "expected"), [case[1:] for case in CASES_STDIN], ids=[case[0] for case in CASES_STDIN]
)
def test_stdin(data, expected):
    items = list(iter_inputs(["-"], stdin=io.BytesIO(data)))
    assert [(d.doc_id, d.raw, d.source.format) for d in items] == expected
    assert all(d.source.path.startswith("<stdin>") for d in items)


def test_empty_stdin():
    item = only(list(iter_inputs(["-"], stdin=io.BytesIO(b""))))
    assert failure(item) == ("stdin-1", "E031", "[E031] <stdin> is empty.")


def test_jsonl_of_blank_lines_is_empty(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n\u3000\n  \n")
    assert failure(only(read([path]))) == ("feed", "E031", f"[E031] {path} is empty.")


def test_truncated_gzip_on_stdin():
    item = only(list(iter_inputs(["-"], stdin=io.BytesIO(gzip.compress("甲".encode())[:12]))))
    message = "[E030] Cannot read <stdin>: Compressed file ended before the end-of-stream marker was reached"
    assert failure(item) == ("stdin-1", "E030", message)
