"""What a new user trips over (issue 19): a mistyped ledger, a bad month, a missing path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli.root import main


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_ledger_export_refuses_a_ledger_that_does_not_exist_and_creates_none(tmp_path):
    typo = tmp_path / "typo" / "ledger.sqlite3"
    result = run("ledger", "export", "--ledger", typo)
    assert result.exit_code == 2 and "no ledger at" in result.output
    assert not typo.exists() and not typo.parent.exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "26-01", "2026/01"])
def test_ledger_export_rejects_a_month_that_is_not_one(tmp_path, month):
    ledger = tmp_path / "l.sqlite3"
    assert run("review", _notice(tmp_path), "--ledger", ledger).exit_code == 0  # creates the ledger
    result = run("ledger", "export", "--ledger", ledger, "--since", month)
    assert result.exit_code == 2 and "not a month" in result.output
    assert run("ledger", "export", "--ledger", ledger, "--since", "2026-01").exit_code == 0


@pytest.mark.parametrize("command", [
    ["scan"], ["scan", "--format", "json"], ["gate"], ["review"], ["redact", "--out", "{out}"], ["sweep"], ["extract"],
])
def test_a_path_that_does_not_exist_is_a_usage_error_for_every_command(tmp_path, command):
    missing = tmp_path / "不存在" / "通知.txt"
    args = [part.replace("{out}", str(tmp_path / "out")) for part in command]
    result = run(*args[:1], missing, *args[1:], "--ledger", tmp_path / "l.sqlite3") if args[0] in ("gate", "review", "sweep") \
        else run(*args[:1], missing, *args[1:])
    assert result.exit_code == 2, result.output


def _notice(folder: Path) -> Path:
    path = folder / "通知.txt"
    path.write_text("关于召开期末工作会议的通知。\n", encoding="utf-8")
    return path
