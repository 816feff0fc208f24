"""Start-up (issue 14): commands that never screen load neither Presidio, spaCy nor the name
model's runtime; `scan` loads them, and only when it screens."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
