"""WARC inputs (issue 14): one document per HTML response record, article text by trafilatura.

The archive is written in the test with warcio: a warcinfo record, two HTML pages
(with navigation, a sidebar of related articles and a footer around the article),
a PNG response and a request record.
"""
from __future__ import annotations

import hashlib
import io
import json

import pytest

from xinwen import cli
from xinwen.pipeline import batch, reader_warc
from xinwen.pipeline.doc import Document
from xinwen.pipeline.readers import html_to_text, iter_inputs

warcio = pytest.importorskip("warcio", reason="warcio is not installed (extra `warc`)")
pytest.importorskip("trafilatura", reason="trafilatura is not installed (extra `warc`)")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

ARTICLE_1 = (
    "8月22日，青岛市重点项目集中签约仪式在西海岸新区举行，现场共签约项目16个，"
    "总投资320亿元，涉及高端制造、现代金融等领域。",
    "市委常委、副市长耿涛出席签约仪式并致辞。他表示，青岛将为项目落地提供全方位服务。",
    "本次签约项目中，中车四方智汇港项目总投资85亿元，占地面积约600亩。",
)
ARTICLE_2 = (
    "3月15日，烟台市招商引资项目推介会举行，签约项目8个，总投资约120亿元。",
    "烟台市副市长张华出席推介会，介绍了烟台的营商环境和产业基础。",
)
# sidebar and related links: facts of other articles that must not leak into the records
SIDEBAR = ("济南市签约项目20个总投资500亿元", "潍坊市长王强会见客商签约40亿元项目",
           "日照签约项目总投资300亿元")


def page(title: str, date: str, paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="/news/{i}.html">{t}</a></li>' for i, t in enumerate(SIDEBAR))
    html = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>{title}_新闻中心_青岛新闻网</title>"
        f"<meta property=\"article:published_time\" content=\"{date}T09:30:00+08:00\">"
        "</head><body>"
        "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/news\">新闻</a>"
        " <a href=\"/biz\">财经</a></div>"
        f"<div class=\"main\"><div class=\"content\"><h1>{title}</h1>"
        f"<div class=\"info\">来源：青岛新闻网 {date}</div>{body}</div></div>"
        f"<div class=\"sidebar\"><h3>相关新闻</h3><ul>{related}</ul>"
        "<h3>热点排行</h3><ol><li><a href=\"/hot/1.html\">青岛签约项目总投资900亿元</a></li></ol>"
        "</div><div class=\"footer\">版权所有 青岛新闻网 鲁ICP备00000000号</div>"
        "</body></html>"
    )
    return html.encode("utf-8")


PAGE_1 = page("青岛市重点项目集中签约 总投资320亿元", "2023-08-22", ARTICLE_1)
PAGE_2 = page("烟台市招商引资项目推介会签约8个项目", "2024-03-15", ARTICLE_2)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def write_warc(path, gzip: bool = True) -> None:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, payload, content_type in (
            ("https://news.example.cn/a/1.html", PAGE_1, "text/html; charset=utf-8"),
            ("https://news.example.cn/img/logo.png", PNG, "image/png"),
            ("https://news.example.cn/a/2.html", PAGE_2, "text/html"),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response",
                                                          payload=io.BytesIO(payload),
                                                          http_headers=headers))
        request = StatusAndHeaders("GET /a/3.html HTTP/1.1", [("Host", "news.example.cn")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example.cn/a/3.html",
                                                      "request", http_headers=request))


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    return path


def test_each_html_response_is_a_document_with_a_stable_id(archive):
    items = list(iter_inputs([str(archive)]))
    assert all(isinstance(item, Document) for item in items)
    # records: 1 warcinfo, 2 page, 3 png (skipped), 4 page, 5 request (skipped)
    assert [item.doc_id for item in items] == ["crawl:2", "crawl:4"]
    assert [item.source.path for item in items] == [f"{archive}:2", f"{archive}:4"]
    assert {item.source.format for item in items} == {"warc"}
    assert [item.source.sha256 for item in items] == [hashlib.sha256(PAGE_1).hexdigest(),
                                                      hashlib.sha256(PAGE_2).hexdigest()]
    assert [item.source.encoding for item in items] == ["utf-8", "utf-8"]
    assert [item.reference_date for item in items] == ["2023-08-22", "2024-03-15"]
    assert items[0].raw.splitlines()[0] == "青岛市重点项目集中签约 总投资320亿元"
    assert list(iter_inputs([str(archive)]))[1].raw == items[1].raw  # stable


def test_the_raw_text_is_trafilaturas_article_text_without_the_sidebar(archive):
    first = next(iter_inputs([str(archive)]))
    assert first.raw == reader_warc.article_text(PAGE_1.decode("utf-8"))[0]
    for paragraph in ARTICLE_1:
        assert paragraph in first.raw
    for leaked in (*SIDEBAR, "900亿元", "首页", "版权所有"):
        assert leaked not in first.raw
    # the hand-written .html reader keeps the sidebar: what WARC input avoids
    assert SIDEBAR[0] in html_to_text(PAGE_1.decode("utf-8"))


def test_extract_warc_records_hold_the_article_facts_only(archive, tmp_path, monkeypatch, nlp,
                                                          capsys):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    out = tmp_path / "out.jsonl"
    code = cli.main(["extract", str(archive), "-o", str(out), "--workers", "1"])
    assert code == 0, capsys.readouterr().err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == ["crawl:2", "crawl:4"]
    first, second = records
    raw = next(iter_inputs([str(archive)])).raw
    for amount in first["amounts"]:  # offsets index the extracted text
        assert raw[amount["span"]["start"]:amount["span"]["end"]] == amount["text"]
    # 320亿 in the title and the lead, 85亿 in the body; none of the sidebar's 500/40/300/900亿
    assert sorted(a["value"] for a in first["amounts"]) == [8.5e9, 3.2e10, 3.2e10]
    assert [a["value"] for a in second["amounts"]] == [1.2e10]
    assert [p["name"] for p in first["people"]] == ["耿涛"]
    assert [p["name"] for p in second["people"]] == ["张华"]
    assert [s["project_count"] for s in first["signings"]] == [16]
    assert [s["project_count"] for s in second["signings"]] == [8]
    assert first["meta"]["title"] == "青岛市重点项目集中签约 总投资320亿元"
    assert first["meta"]["event_date"] == "2023-08-22"  # 8月22日, its year from the page date
    assert second["meta"]["event_date"] == "2024-03-15"


def test_an_uncompressed_warc_reads_the_same(tmp_path, archive):
    plain = tmp_path / "plain.warc"
    write_warc(plain, gzip=False)
    got = [(d.doc_id, d.raw) for d in iter_inputs([str(plain)])]
    want = [(d.doc_id.replace("crawl", "plain"), d.raw) for d in iter_inputs([str(archive)])]
    assert got == want


def test_a_broken_warc_is_an_error_record_and_the_run_goes_on(tmp_path, archive):
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"this is no WARC file\r\n\r\n")
    items = list(iter_inputs([str(broken), str(archive)]))
    assert items[0].code == "E064"
    assert items[0].message == (f"[E064] {broken}:1: not a readable WARC file: it does not"
                                " start with a WARC/1.x record header")
    assert [item.doc_id for item in items[1:]] == ["crawl:2", "crawl:4"]


def test_a_warc_without_pages_is_one_e065_record(tmp_path):
    path = tmp_path / "images.warc"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://x.cn/a.png", "response",
                                                      payload=io.BytesIO(PNG),
                                                      http_headers=headers))
    (item,) = iter_inputs([str(path)])
    assert (item.doc_id, item.code) == ("images", "E065")
    assert item.message == f"[E065] {path}: no HTML response record among its 1 WARC records."


def test_without_the_warc_extra_a_warc_file_is_an_e063_record(archive, monkeypatch):
    monkeypatch.setattr(reader_warc, "missing_library", lambda: "No module named 'warcio'")
    (item,) = iter_inputs([str(archive)])
    assert (item.doc_id, item.code, item.format) == ("crawl", "E063", "warc")
    assert item.message == (f"[E063] {archive} is a WARC file; reading it needs warcio and "
                            "trafilatura: pip install 'xinwen[warc]' (No module named 'warcio').")


def test_html_files_are_still_read_by_the_html_reader(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE_1)
    (doc,) = iter_inputs([str(path)])
    assert doc.raw == html_to_text(PAGE_1.decode("utf-8"))
    assert doc.source.format == "html"


@pytest.mark.parametrize("fmt", ["warc", None], ids=["--format warc", "sniffed"])
def test_stdin_read_as_warc(archive, fmt):
    items = list(iter_inputs(["-"], stdin=io.BytesIO(archive.read_bytes()), fmt=fmt))
    assert [item.doc_id.split(":")[-1] for item in items] == ["2", "4"]
    assert [item.source.sha256 for item in items] == [hashlib.sha256(PAGE_1).hexdigest(),
                                                      hashlib.sha256(PAGE_2).hexdigest()]


def test_the_same_page_as_an_html_file_lets_the_sidebar_into_the_facts(archive, tmp_path,
                                                                       monkeypatch, nlp, capsys):
    # the contrast the WARC reader is for: the .html reader (unchanged) reads the sidebar too
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    html = tmp_path / "page.html"
    html.write_bytes(PAGE_1)
    assert cli.main(["extract", str(html), str(archive), "--workers", "1", "-q"]) == 0
    as_html, as_warc, _ = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    def facts(record):
        return (len(record["amounts"]), len(record["people"]), len(record["signings"]))

    assert facts(as_warc) == (3, 1, 1)
    assert facts(as_html) == (7, 2, 2)  # +4 amounts, +1 person, +1 signing from the sidebar
