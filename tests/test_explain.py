"""``xinwen explain`` (issue 13): items with raw span, value and rule; ``--why`` replays rules."""
from __future__ import annotations

import pytest

from tests.conftest import ARTICLES
from xinwen import cli
from xinwen.pipeline.explain import _read, describe, why

TEXT = ("打造千亿级产业集群，总投资8亿至10亿元，签约投资总额1亿元以上产业项目101个，占地200-300亩，"
        "可提供就业岗位约500个，带动就业3000人次。双方将于下月签署合作协议。")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    """The command itself (it builds its own pipeline: a few seconds)."""
    code = cli.main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def explain(nlp):
    """What ``explain TEXT [--why W]`` prints, through the session pipeline."""

    def run(text: str, why_text: str | None = None) -> str:
        doc = nlp(_read(text))
        lines = describe(doc) if why_text is None else why(doc, nlp, why_text)
        return "\n".join(lines) + "\n"

    return run


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["explain", "--help"])
    assert exit_info.value.code == 0
    assert "Example:\n  python cli.py explain" in capsys.readouterr().out


def test_items_with_raw_span_value_and_rule(capsys):
    code, out, _ = _run(capsys, TEXT)
    assert code == 0
    assert out.startswith(f"working text (89 chars):\n{TEXT}\n")
    assert ("  #0 raw[13:20] '8亿至10亿元' → 800000000..1000000000 CNY range  subject=总投资"
            "  rule=money.range\n") in out
    assert ("  #0 raw[43:51] '200-300亩' → 200..300 亩 (133333.33 m²) range  subject=占地"
            "  rule=area.range\n") in out
    assert "  #0 raw[59:64] '约500个' → 500 jobs about  subject=可提供就业岗位  rule=jobs.posts_then_count\n" in out


def test_raw_spans_index_the_raw_text(explain):
    """A traditional input: the span is raw text, the value and subject simplified."""
    out = explain("項目總投資約5億元。")
    assert "  #0 raw[5:9] '約5億元' → 500000000 CNY about  subject=总投资  rule=money\n" in out


def test_why_an_extracted_value_names_what_it_beat(explain):
    out = explain(TEXT, "300亩")
    assert "why '300亩' (working text 47:51)\n" in out
    assert "  area.range: extracted '200-300亩' (43:51); beat area '300亩'\n" in out
    assert "  area: would match '300亩', overlap lost to area.range '200-300亩' (extracted)\n" in out


def test_why_names_the_first_failed_condition(explain):
    out = explain(TEXT, "1亿元以上")
    assert "  money.range: pattern did not match\n" in out
    assert "  money: matched '1亿元以上' (27:32), negative context: threshold\n" in out
    out = explain(TEXT, "千亿级")
    assert "  money: matched '千亿' (2:4), value filter: no money value reads from it\n" in out
    out = explain(TEXT, "3000人次")
    assert "  jobs.employment_then_people: pattern did not match\n" in out


def test_why_a_signing_trigger(explain):
    out = explain(TEXT, "签署合作协议")
    assert "sentence: 双方将于下月签署合作协议。\n" in out
    assert "  trigger.qianshu: matched '签署合作协议', negative context: intention.future\n" in out
    assert "  trigger.qianyue: pattern did not match\n" in out


def test_why_on_the_seed_signing_sentence(explain):
    out = explain(str(ARTICLES / "seed.txt"), "李维波代表崂山区政府")
    assert "  trigger.qianshu: extracted: a count mention, reported as signing #0\n" in out
    out = explain(str(ARTICLES / "seed.txt"))
    assert "  #0 rule=trigger.qianyue value rules=projects.enumeration,place.article\n" in out
    assert "  place: 深圳  rule=place.held\n" in out


def test_why_text_not_found(capsys):
    code, out, err = _run(capsys, "总投资8亿元。", "--why", "不在")
    assert (code, out) == (1, "")
    assert err.endswith("explain: '不在' is not in the working text\n")


def test_a_long_raw_sentence_is_text_not_a_file_name(explain):
    """The seed's signing sentence, raw (traditional with pinyin): longer than a file name."""
    raw = (ARTICLES / "seed.txt").read_text(encoding="utf-8")
    start = raw.index("推介會(huì)上,李維波")
    sentence = raw[start:raw.index("。", start) + 1]
    out = explain(sentence)
    assert "  #0 rule=trigger.qianshu value rules=place.article\n" in out
    assert ("      project_count=16  parties=崂山区政府、云天畅想  signatories=李维波  "
            "fields=显示芯片、传感器、AI医疗") in out
    assert f"      reported in raw[0:{len(sentence)}] {sentence!r}\n" in out


def test_an_unreadable_file_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x80\xff\xfe")
    code, out, err = _run(capsys, str(path))
    assert (code, out) == (1, "")
    assert err == f"explain: {path}: [E032] {path}: cannot decode as UTF-8, GB18030 or Big5.\n"
