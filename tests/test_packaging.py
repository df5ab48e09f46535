"""Issue 16: the installed distribution exposes only the ``xinwen`` package.

The repository keeps ``pipeline/``, ``eval/``, ``schemas/``; pyproject.toml maps them
under ``xinwen.`` with setuptools ``package-dir``. These tests check the mapping is
complete, that nothing imports the bare folder names, and run the pipeline's doctests
under their installed names.
"""
from __future__ import annotations

import doctest
import importlib
import importlib.util
import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import xinwen.pipeline

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"pipeline": "xinwen.pipeline", "eval": "xinwen.eval", "schemas": "xinwen.schemas",
           "xinwen": "xinwen"}
BARE = ("pipeline", "eval", "schemas", "cli")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_folder_is_listed_and_mapped():
    setup = _pyproject()["tool"]["setuptools"]
    found = set()
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *parts)))
    assert sorted(setup["packages"]) == sorted(found)
    assert setup["package-dir"] == {name: folder for folder, name in FOLDERS.items()}
    assert _pyproject()["project"]["scripts"] == {"xinwen": "xinwen.cli:main"}


def _modules(package) -> list[str]:
    return [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


def test_no_module_imports_a_bare_folder_name(tmp_path):
    """Every module, imported outside the checkout, leaves no top-level pipeline/eval/... ."""
    code = ("import importlib, pkgutil, sys, xinwen.pipeline, xinwen.eval, xinwen.schemas, "
            "xinwen.cli\n"
            "for pkg in (xinwen.pipeline, xinwen.eval):\n"
            "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        if info.name.endswith('hanlp_rnn') and importlib.util.find_spec('hanlp') is None:\n"
            "            continue\n"
            "        importlib.import_module(info.name)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])))\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code, *BARE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_checkout_cli_and_module_entry_points_run(tmp_path):
    for argv, cwd in ([[sys.executable, "cli.py", "--help"], ROOT],
                      [[sys.executable, "-m", "xinwen", "--help"], tmp_path]):
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("usage: xinwen ")


def test_wheel_holds_only_the_xinwen_package(tmp_path):
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed in this environment: cannot build the wheel")
    # a copy, so that setuptools' build/ folder neither lands in nor is reused from the checkout
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in FOLDERS:
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path), str(source)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("xinwen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"xinwen", wheel.name.split("-py")[0] + ".dist-info"}
    for data in ("xinwen/schemas/record.schema.json", "xinwen/pipeline/data/currencies.tsv",
                 "xinwen/pipeline/models/hanlp-msra-bilstm-crf/config.json",
                 "xinwen/eval/review/assets/review.css", "xinwen/cli.py"):
        assert data in names
    assert not any(name.startswith(("xinwen/tests", "xinwen/corpus")) for name in names)


def _pipeline_modules() -> list[str]:
    return _modules(xinwen.pipeline)


@pytest.mark.parametrize("name", _pipeline_modules())
def test_pipeline_module_doctests(name):
    if name.endswith("hanlp_rnn") and importlib.util.find_spec("hanlp") is None:
        pytest.skip("hanlp_rnn imports hanlp (and torch) at its top: the hanlp extra is not installed")
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_constraints_pin_every_direct_dependency_inside_its_range():
    from packaging.requirements import Requirement

    project = _pyproject()["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    for extra, reqs in project["optional-dependencies"].items():
        wanted += [Requirement(r) for r in reqs if not r.startswith("xinwen[")]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name] = version
    assert pins["torch"] == "2.13.0"
    for req in wanted:
        assert req.name in pins, f"{req.name} has no pin in constraints.txt"
        assert req.specifier.contains(pins[req.name]), f"{req.name}=={pins[req.name]} not in {req.specifier}"
        assert "==" not in str(req.specifier), f"{req.name} is pinned with == in pyproject.toml"


def test_version_option_prints_the_installed_version(capsys):
    from importlib.metadata import version

    from xinwen import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"xinwen {version('xinwen')}\n"
