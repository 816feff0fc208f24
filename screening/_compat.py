"""The module paths of release 0.1 (one flat package), kept for one release.

`import screening.ledger` still works and gives the very module `screening.workflow.ledger` (so
monkeypatching either path patches both), with a DeprecationWarning naming the new path. An
import hook rather than one shim file per old name: the package root then shows the parts
the program is made of, not forty re-export stubs.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

# old path → new path; `screening.engine` and `screening.cli` were modules and are packages now
# that re-export the old entry points (`Screener`, `main`) themselves.
MOVED_MODULES = {
    "screening.scanner": "screening.engine.scanner",
    "screening.analyzer": "screening.engine.analyzer",
    "screening.context": "screening.engine.context",
    "screening.fields": "screening.engine.fields",
    "screening.people": "screening.engine.people",
    "screening.name_rules": "screening.engine.name_rules",
    "screening.name_tagger": "screening.engine.name_tagger",
    "screening.names_model": "screening.engine.names_model",
    "screening.nlp": "screening.engine.nlp",
    "screening.category": "screening.engine.category",
    "screening.categorize": "screening.engine.categorize",
    "screening.cells": "screening.engine.cells",
    "screening.excerpt": "screening.engine.excerpt",
    "screening.decisions": "screening.engine.decisions",
    "screening.preview": "screening.engine.preview",
    "screening.metadata": "screening.engine.metadata",
    "screening.metadata_tap": "screening.engine.metadata_tap",
    "screening.fingerprint": "screening.engine.fingerprint",
    "screening.timeout": "screening.sources.timeout",
    "screening.table_shape": "screening.sources.table_shape",
    "screening.ledger": "screening.workflow.ledger",
    "screening.review": "screening.workflow.review",
    "screening.gate": "screening.workflow.gate",
    "screening.ledger_export": "screening.workflow.ledger_export",
    "screening.sweep": "screening.sweeps.runner",
    "screening.sweep_state": "screening.sweeps.sweep_state",
    "screening.crawl": "screening.sweeps.crawl",
    "screening.crawl_urls": "screening.sweeps.crawl_urls",
    "screening.owners": "screening.sweeps.owners",
    "screening.retention": "screening.sweeps.retention",
    "screening.aggregation": "screening.sweeps.aggregation",
    "screening.reports.sweep_report": "screening.sweeps.report",
    "screening.serve": "screening.service.app",
    "screening.cli_workflow": "screening.cli.workflow",
    "screening.cli_redact": "screening.cli.redact",
    "screening.cli_sweep": "screening.cli.sweep",
    "screening.cli_serve": "screening.cli.serve",
    "screening.progress": "screening.cli.progress",
}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, new_name: str) -> None:
        self.new_name = new_name

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} has moved to {self.new_name}; the old path goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(self.new_name)

    def exec_module(self, module: ModuleType) -> None:
        pass  # the module was executed under its new name


class MovedModuleFinder(importlib.abc.MetaPathFinder):
    """Finds the old paths of moved modules and hands out the modules at their new paths."""

    def find_spec(self, fullname: str, path=None, target=None) -> importlib.machinery.ModuleSpec | None:
        new_name = MOVED_MODULES.get(fullname)
        if new_name is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(new_name))


def install() -> None:
    if not any(isinstance(finder, MovedModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())
