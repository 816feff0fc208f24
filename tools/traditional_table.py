"""Write recognizers/data/traditional_forms.json: OpenCC's s2t, s2tw and s2hk output for every
word and character the engine converts while it loads (recognizers.textnorm.to_traditional).

    python tools/traditional_table.py

Run it after changing a recognizer's word lists, the name rules' cues or the category keywords;
tests/test_startup.py fails while the table misses one of them or disagrees with OpenCC. Missing
entries only cost time (OpenCC converts them at load), never a detection.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers import textnorm  # noqa: E402

TABLE = textnorm.TRADITIONAL_TABLE
# The packages whose modules build patterns from word lists when imported.
LOADED_AT_START = ("recognizers", "screening.engine")


def load_the_engine() -> None:
    """Import every module that converts words while it loads, and classify one document (the
    category classifier converts its keywords on first use)."""
    for package in LOADED_AT_START:
        path = ROOT.joinpath(*package.split("."))
        for module in pkgutil.iter_modules([str(path)]):
            importlib.import_module(f"{package}.{module.name}")
    from screening.engine.category import classify

    classify("關於", "正文")


def recorded_conversions() -> dict[str, dict[str, str]]:
    """Every (config, text) → output that loading the engine asks OpenCC for, with no table."""
    textnorm.TRADITIONAL_TABLE = TABLE.with_name("absent.json")  # convert everything live, to see all of it
    textnorm._traditional_table.cache_clear()
    live = textnorm.converter
    seen: dict[str, dict[str, str]] = {config: {} for config in textnorm.TRADITIONAL_CONFIGS}

    class Recording:
        def __init__(self, config: str) -> None:
            self.config, self.opencc = config, live(config)

        def convert(self, text: str) -> str:
            out = self.opencc.convert(text)
            seen.get(self.config, {})[text] = out
            return out

    textnorm.converter = Recording
    load_the_engine()
    return {config: dict(sorted(pairs.items())) for config, pairs in seen.items()}


def main() -> int:
    table = recorded_conversions()
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{TABLE.relative_to(ROOT)}: " + ", ".join(f"{c} {len(p)}" for c, p in table.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
