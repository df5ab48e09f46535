"""A synthetic news archive for ``cli.py bench``, made from ``corpus/``.

Every document is unique, so that no cache (jieba's, LAC's, a stage's) can
inflate the figures: it takes one corpus article, keeps its first line (the
headline), shuffles the other paragraphs, replaces the figures of amounts and
counts with random ones of the same length, and the gold people's names with
random names of the same length (an article with too few variants for its share of the
archive also says some of its paragraphs twice). Forms are mixed, in a fixed rotation: the
article as it is (the seed article is the garbled trad+pinyin mirror copy),
traditional characters, traditional characters with a pinyin annotation after
each converted character (``簽(qiān)約``, the mirror sites' form), an HTML
page, and a GB18030-encoded text file. Everything is drawn from one
``random.Random(seed)``: the same arguments give the same archive.

>>> docs = synthetic_archive(6, seed=1)
>>> [name.rsplit(".", 1)[1] for name, _ in docs]
['txt', 'txt', 'txt', 'html', 'txt', 'txt']
>>> len({data for _, data in docs})
6
"""
from __future__ import annotations

import hashlib
import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xinwen.pipeline.patterns import fixed_pattern

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FORMS = ("plain", "traditional", "pinyin", "html", "gb18030")
# An article with few paragraphs and no figures or names to perturb has few variants
# (4 paragraphs: 24 orders): after this many repeats of a variant already made, each new try
# also says one more of its paragraphs twice, so a text is longer than every earlier try and
# the search ends however many documents one article must give.
MAX_PLAIN_TRIES = 50
# A figure that measures something (an amount, an area, a count): perturbed.
_FIGURE = fixed_pattern("text_patterns.tsv", "text.bench_figure")
# Surnames and given-name characters of the random names.
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯健俊帆鹏飞鑫波宁晨琳雪峰亮成龙海东新春林云志国晓立中兴"


@dataclass(frozen=True)
class _Article:
    name: str
    lines: list[str]
    names: list[str]  # people's names from its gold file, longest first


def load_articles(corpus: Path = CORPUS) -> list[_Article]:
    """The corpus articles with the people's names of their gold files."""
    articles = []
    for path in sorted((corpus / "articles").glob("*.txt")):
        gold = corpus / "gold" / f"{path.stem}.json"
        people = json.loads(gold.read_text("utf-8")).get("people", []) if gold.exists() else []
        # longest first, then by name: a set's order changes with PYTHONHASHSEED
        names = sorted({p["name"] for p in people if len(p["name"]) >= 2},
                       key=lambda name: (-len(name), name))
        lines = path.read_text("utf-8").splitlines()
        articles.append(_Article(path.stem, lines, names))
    return articles


def synthetic_archive(count: int, *, seed: int = 0,
                      corpus: Path = CORPUS) -> list[tuple[str, bytes]]:
    """``count`` unique documents as ``(file name, bytes)``, forms in rotation."""
    rng = random.Random(seed)
    articles = load_articles(corpus)
    converters = _Converters()
    seen: set[str] = set()
    docs = []
    for index in range(count):
        article = articles[index % len(articles)]
        form = FORMS[index % len(FORMS)]
        attempt = 0
        while True:  # ends: past MAX_PLAIN_TRIES every try is longer than the one before
            text = _variant(article, rng, repeats=max(0, attempt - MAX_PLAIN_TRIES + 1))
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
            attempt += 1
        seen.add(digest)
        suffix, data = _render(text, form, converters)
        docs.append((f"{index:07d}-{article.name}{suffix}", data))
    return docs


def write_archive(docs: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in docs:
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def _variant(article: _Article, rng: random.Random, repeats: int = 0) -> str:
    """A shuffled, perturbed copy of ``article``; ``repeats`` of its paragraphs said twice."""
    head, body = article.lines[:1], [line for line in article.lines[1:] if line.strip()]
    rng.shuffle(body)
    for _ in range(repeats if body else 0):
        body.insert(rng.randrange(len(body) + 1), rng.choice(body))
    text = "\n\n".join(head + body) + "\n"
    text = _FIGURE.sub(lambda m: _random_figure(m.group(), rng), text)
    for name in article.names:
        text = text.replace(name, _random_name(len(name), rng))
    return text


def _random_figure(figure: str, rng: random.Random) -> str:
    digits = [rng.choice("123456789")] + [rng.choice("0123456789") for _ in figure[1:]]
    return "".join(d if c.isdigit() else c for c, d in zip(figure, digits))


def _random_name(length: int, rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(length - 1))


class _Converters:
    """Simplified → traditional, and the pinyin readings of traditional characters."""

    def __init__(self) -> None:
        import opencc

        from xinwen.pipeline.pinyin import PinyinTable

        self.s2t: Callable[[str], str] = opencc.OpenCC("s2t").convert
        self.pinyin = PinyinTable.load()

    def annotate(self, text: str) -> str:
        traditional = self.s2t(text)
        out = []
        for simple, trad in zip(text, traditional):
            readings = self.pinyin.readings(trad) if simple != trad else ()
            out.append(f"{trad}({readings[0]})" if readings else trad)
        return "".join(out)


def _render(text: str, form: str, converters: _Converters) -> tuple[str, bytes]:
    if form == "traditional":
        return ".txt", converters.s2t(text).encode("utf-8")
    if form == "pinyin" and len(converters.s2t(text)) == len(text):
        return ".txt", converters.annotate(text).encode("utf-8")
    if form == "html":
        return ".html", _page(text).encode("utf-8")
    if form == "gb18030":
        return ".txt", text.encode("gb18030")
    return ".txt", text.encode("utf-8")


def _page(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    title = html.escape(lines[0]) if lines else ""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">首页</a></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer>版权所有</footer></body></html>")
