"""The ``train-ner`` command: decontamination, data preparation, CLI, a real (tiny) training run.

The datasets folder is built in ``tmp_path`` with the layout that
``data/ner_datasets.tsv`` names (``cluener/train.json``, ...), a few
constructed sentences per file. Training needs the ``hanlp`` extra and
skips without it.
"""
from __future__ import annotations

import itertools
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from xinwen import cli
from xinwen.pipeline.ner import load_backend
from xinwen.pipeline.ner_backends.base import LABELS, EntitySpan, check_spans
from xinwen.pipeline.ner_backends.tags import LabelMap
from xinwen.pipeline.ner_tools.data import Sentence
from xinwen.pipeline.ner_tools.train import decontaminate, held_out_texts, prepare_data

ROOT = Path(__file__).resolve().parents[2]
# Constructed sentences (not from the corpus); the entity types are CLUENER's.
PERSONS = ("张伟", "李娜", "王强", "刘洋")
PLACES = ("北京", "上海", "深圳")
COMPANIES = ("华为公司", "海尔集团")
CONTAMINATED = "刘洋在深圳访问海尔集团。"  # in cluener-train and in peoples-daily-test


def sentence(person: str, place: str, company: str) -> tuple[str, dict[str, dict[str, list]]]:
    """A text and its CLUENER labels (inclusive ends)."""
    text = f"{person}在{place}访问{company}。"
    mentions = {"name": person, "address": place, "company": company}
    labels = {kind: {mention: [[text.index(mention), text.index(mention) + len(mention) - 1]]}
              for kind, mention in mentions.items()}
    return text, labels


def cluener_file(records: list[tuple[str, dict]]) -> str:
    return "\n".join(json.dumps({"text": text, "label": labels}, ensure_ascii=False, indent=1)
                     for text, labels in records) + "\n"


def bio_file(records: list[tuple[str, dict]]) -> str:
    """The same sentences as ``char TAG`` lines (BIO, People's Daily types)."""
    types = {"name": "PER", "address": "LOC", "company": "ORG"}
    blocks = []
    for text, labels in records:
        tags = ["O"] * len(text)
        for kind, mentions in labels.items():
            for start, last in itertools.chain(*mentions.values()):
                tags[start:last + 1] = [f"B-{types[kind]}"] + [f"I-{types[kind]}"] * (last - start)
        blocks.append("".join(f"{char} {tag}\n" for char, tag in zip(text, tags)))
    return "\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def datasets_dir(tmp_path_factory) -> Path:
    """Every dataset that ``train-ner --train cluener-train --dev cluener-dev`` reads."""
    records = [sentence(*names) for names in itertools.product(PERSONS, PLACES, COMPANIES)]
    assert records[-1][0] == CONTAMINATED and len(records) == 24
    folder = tmp_path_factory.mktemp("datasets")
    files = {
        "cluener/train.json": cluener_file(records),  # three of them are also held out
        "cluener/dev.json": cluener_file(records[-2:-1]),
        "peoples_daily/example.dev": bio_file(records[:2]),
        "peoples_daily/example.test": bio_file(records[-1:]),
        "msra/msra_test_bio.txt": bio_file(records[3:4]),
    }
    for relative, content in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_torch_thread():
    """A tiny model on a shared CPU: a second torch thread only waits on the first."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_decontaminate_drops_held_out_texts_only():
    sentences = [Sentence("甲乙", (EntitySpan(0, 1, label="PER"),)), Sentence("丙丁", ()),
                 Sentence("甲乙", ()), Sentence("甲乙丙", ())]
    assert decontaminate(sentences, {"甲乙", "戊"}) == [sentences[1], sentences[3]]
    assert decontaminate(sentences, set()) == sentences


def test_held_out_texts_reads_every_named_set(datasets_dir):
    texts = held_out_texts(["peoples-daily-test", "msra-test"], LabelMap(), datasets_dir)
    assert texts == {CONTAMINATED, "张伟在上海访问海尔集团。"}


def test_prepare_data_drops_training_sentences_seen_in_held_out_sets(datasets_dir, caplog):
    logger = logging.getLogger("xinwen.test-ner-train")
    with caplog.at_level(logging.INFO, logger=logger.name):
        train, dev, provenance = prepare_data(["cluener-train"], "cluener-dev", datasets_dir,
                                              None, None, logger)
    # dropped: the dev sentence, the peoples-daily-test one, the msra-test one
    assert len(train) == 21
    assert CONTAMINATED not in {s.text for s in train}
    assert [s.text for s in dev] == ["刘洋在深圳访问华为公司。"]
    assert {s.label for s in dev[0].entities} == {"PER", "LOC", "ORG"}
    assert "cluener-train: 24 sentences, 3 dropped" in caplog.text
    assert provenance["train"] == "cluener-train" and provenance["train_sentences"] == "21"
    assert provenance["dropped_if_in"] == "cluener-dev, msra-test, peoples-daily-test"


def test_prepare_data_limits(datasets_dir):
    train, dev, _ = prepare_data(["cluener-train"], "peoples-daily-dev", datasets_dir, 5, 1,
                                 logging.getLogger("xinwen.test-ner-train"))
    # the first five are read, then those in the dev set (two) or msra-test (one) are dropped
    assert [s.text for s in train] == ["张伟在上海访问华为公司。", "张伟在深圳访问华为公司。"]
    assert len(dev) == 1


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_refuses_a_non_empty_output_folder(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    result = run_cli("train-ner", "-o", str(tmp_path))
    assert result.returncode == 1
    assert f"[E041] Output file {tmp_path} exists; use --force" in result.stderr
    assert (tmp_path / "config.json").read_text(encoding="utf-8") == "{}"


def test_cli_unknown_dataset_exits_1(tmp_path, datasets_dir):
    pytest.importorskip("hanlp")  # without the extra the command stops earlier, with exit 2
    result = run_cli("train-ner", "-o", str(tmp_path / "model"), "--datasets-dir",
                     str(datasets_dir), "--train", "cluener-test", "--dev", "cluener-dev")
    assert result.returncode == 1
    assert "[E071] Unknown NER dataset 'cluener-test'" in result.stderr
    assert not (tmp_path / "model").exists()


def test_train_ner_saves_a_model_the_hanlp_backend_loads(tmp_path, datasets_dir, one_torch_thread):
    pytest.importorskip("hanlp")
    output = tmp_path / "model"
    code = cli.main(["train-ner", "-o", str(output), "--datasets-dir", str(datasets_dir),
                     "--train", "cluener-train", "--dev", "cluener-dev", "--epochs", "1",
                     "--embed", "8", "--hidden", "8", "--batch-size", "8"])
    assert code == 0
    config = json.loads((output / "config.json").read_text(encoding="utf-8"))
    assert config["xinwen_training"]["train"] == "cluener-train"
    assert config["xinwen_training"]["train_sentences"] == "21"
    assert config["xinwen_training"]["epochs"] == 1
    texts = ["李娜在北京访问华为公司。", ""]
    results = load_backend("hanlp", str(output)).predict(texts)
    check_spans("hanlp", texts, results)
    assert results[1] == []
    assert {s.label for s in results[0]} <= set(LABELS)
