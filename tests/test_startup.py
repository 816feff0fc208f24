"""Start-up (issue 14): commands that never screen load neither Presidio, spaCy nor the name
model's runtime; `scan` loads them, and only when it screens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recognizers.textnorm import TRADITIONAL_TABLE, converter

ROOT = Path(__file__).resolve().parents[1]

ENGINE_MODULES = ("presidio_analyzer", "spacy", "onnxruntime")


def imported_modules(*args: str) -> set[str]:
    """Every module `python -m screening ARGS` imported, as `-X importtime` reports them."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "screening", *args],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [("--help",), ("policy", "list"), ("policy", "show", "default")])
def test_commands_that_do_not_screen_import_no_engine(args):
    loaded = imported_modules(*args)
    assert "click" in loaded  # the probe sees imports at all
    assert sorted(m for m in ENGINE_MODULES if m in loaded) == []


def test_scan_imports_no_ledger_unless_recording(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("联系电话：0551-62881234\n", encoding="utf-8")
    loaded = imported_modules("scan", str(one))
    assert "presidio_analyzer" in loaded
    assert "sqlalchemy" not in loaded  # the ledger's database layer: only with --ledger
    assert "spacy.lang.zh" not in loaded  # no bundled recognizer reads spaCy tokens


def test_the_nlp_engine_still_tokenizes_when_asked():
    from screening.engine.nlp import LANGUAGE, ChineseNlpEngine

    engine = ChineseNlpEngine()
    engine.load()
    artifacts = engine.process_text("联系人：王小明", LANGUAGE)
    assert [token.text for token in artifacts.tokens][:3] == ["联", "系", "人"]
    assert engine.no_artifacts().tokens == []


def test_the_traditional_table_agrees_with_opencc():
    table = json.loads(TRADITIONAL_TABLE.read_text(encoding="utf-8"))
    assert sorted(table) == ["s2hk", "s2t", "s2tw"]
    for config, pairs in table.items():
        convert = converter(config).convert
        assert [text for text, out in pairs.items() if convert(text) != out] == [], config


def test_loading_the_engine_converts_nothing_outside_the_table():
    # If this fails, run `python tools/traditional_table.py` (a changed word list or keyword).
    probe = ("import tools.traditional_table as t; t.load_the_engine(); from recognizers import textnorm; "
             "textnorm.converter('t2s'); print(textnorm.converter.cache_info().currsize)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "1"  # t2s alone (context windows are simplified as they come)


def test_every_recognizer_pattern_compiles():
    # Patterns compile on first use (recognizers._base.LazyPattern): a broken one must still fail here.
    from recognizers import recognizer_classes

    assert all(getattr(cls.PATTERN, "compiled", cls.PATTERN).pattern for cls in recognizer_classes())


def test_a_parallel_scan_builds_no_engine_in_the_parent(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(f"联系电话：0551-6288123{i}\n", encoding="utf-8")
    script = tmp_path / "parallel.py"
    script.write_text(
        "import screening.engine.parallel as parallel\n"
        "from screening.api import scan_tree\n"
        "from screening.engine.analyzer import shared_analyzer\n"
        "if __name__ == '__main__':\n"
        "    parallel.PARALLEL_MIN_BYTES = 0  # small files: start the workers anyway\n"
        f"    results = list(scan_tree([{str(folder)!r}], workers=2))\n"
        "    print(len(results), shared_analyzer.cache_info().currsize)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["4", "0"]  # four files screened, by the workers' engines only
