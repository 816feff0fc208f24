"""Hostile file systems: names that are not UTF-8, FIFOs and devices (issue 19).

The FIFO and device tests run the command in a subprocess with a timeout: a regression
must fail the test, not hang the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id

from screening.cli.root import main
from screening.model import display_path

GBK_NAME = b"\xd5\xc5\xc8\xfd.txt"  # 张三.txt in GBK, as a Windows share hands it over
SHOWN = r"\xd5\xc5\xc8\xfd.txt"
SCRIPT = str(Path(sys.executable).with_name("screening"))


def cli(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture()
def gbk_folder(tmp_path: Path) -> Path:
    """A folder with a GBK-named notice holding an ID, and a plain one."""
    descriptor = os.open(os.fsencode(tmp_path) + b"/" + GBK_NAME, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(descriptor, f"学生张三，身份证号：{make_id()}。\n".encode())
    os.close(descriptor)
    (tmp_path / "通知.txt").write_text("关于召开期末工作会议的通知。\n", encoding="utf-8")
    return tmp_path


def test_display_path_escapes_undecodable_bytes_only():
    assert display_path(os.fsdecode(b"/srv/" + GBK_NAME)) == "/srv/" + SHOWN
    assert display_path(b"/srv/" + GBK_NAME) == "/srv/" + SHOWN
    assert display_path("/srv/张三.txt") == "/srv/张三.txt"
    assert display_path("a\ud800.txt") == r"a\ud800.txt"  # a lone surrogate that came through JSON


@pytest.mark.parametrize("output_format", ["table", "json", "sarif", "csv", "html"])
def test_scan_reports_a_non_utf8_name_escaped_in_every_format(gbk_folder, tmp_path, output_format):
    report = tmp_path.parent / f"{tmp_path.name}-report.{output_format}"
    code, output = cli("scan", gbk_folder, "--format", output_format, "--output", report)
    assert code == 1, output  # the ID blocks; nothing crashed
    text = report.read_text(encoding="utf-8")
    escaped = SHOWN.replace("\\", "\\\\") if output_format in ("json", "sarif") else SHOWN
    assert escaped in text or SHOWN.replace("\\", "%5C") in text  # sarif URIs percent-encode
    assert make_id() not in text


def test_scan_to_stdout_and_gate_and_review_take_a_non_utf8_name(gbk_folder, tmp_path):
    code, output = cli("scan", gbk_folder, "--format", "json")
    assert code == 1 and f"{gbk_folder}/{SHOWN}" in {document["path"] for document in json.loads(output)["documents"]}
    ledger = tmp_path.parent / f"{tmp_path.name}-ledger.sqlite3"
    code, output = cli("gate", gbk_folder, "--ledger", ledger)
    assert code == 1 and f"FAIL 不通过  {gbk_folder}/{SHOWN}" in output
    code, output = cli("review", os.fsdecode(os.fsencode(gbk_folder) + b"/" + GBK_NAME), "--ledger", ledger)
    assert code == 1 and SHOWN in output and "PII-ID" in output


def test_sweep_records_a_non_utf8_name_and_matches_it_again(gbk_folder, tmp_path):
    ledger = tmp_path.parent / f"{tmp_path.name}-ledger.sqlite3"
    first = CliRunner().invoke(main, ["sweep", str(gbk_folder), "--ledger", str(ledger), "--format", "json"])
    assert first.exit_code == 1, first.output
    report = json.loads(first.output)
    assert report["sweep"]["counts"]["screened"] == 2
    assert f"{gbk_folder}/{SHOWN}" in {document["path"] for document in report["documents"]}
    again = CliRunner().invoke(main, ["sweep", str(gbk_folder), "--ledger", str(ledger), "--format", "json"])
    counts = json.loads(again.output)["sweep"]["counts"]
    assert (counts["seen"], counts["unchanged"], counts["screened"]) == (2, 2, 0)  # the same item, not a new one


# --- FIFOs, devices and symlinks to them: refused at once, never read ---

def run_cli(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([SCRIPT, *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture()
def special_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "待发布"
    folder.mkdir()
    os.mkfifo(folder / "管道.txt")
    (folder / "零.txt").symlink_to("/dev/zero")
    (folder / "通知.txt").write_text("关于召开期末工作会议的通知。\n", encoding="utf-8")
    return folder


def test_scan_refuses_fifos_and_devices_named_or_in_a_folder(special_folder):
    completed = run_cli("scan", special_folder, special_folder / "管道.txt", "/dev/urandom", "--format", "json")
    assert completed.returncode == 1, completed.stderr
    errors = {Path(d["path"]).name: d["error"] for d in json.loads(completed.stdout)["documents"] if d["verdict"] == "error"}
    assert errors == {
        "管道.txt": "not a regular file (a FIFO (named pipe)): only regular files are read",
        "零.txt": "not a regular file (a character device): only regular files are read",
        "urandom": "not a regular file (a character device): only regular files are read",
    }


def test_gate_review_and_redact_refuse_fifos_and_devices(special_folder, tmp_path):
    gate = run_cli("gate", special_folder, "--ledger", tmp_path / "l.sqlite3")
    assert gate.returncode == 1 and gate.stdout.count("not a regular file") == 2, gate.stdout + gate.stderr
    review = run_cli("review", special_folder / "零.txt", "--ledger", tmp_path / "l.sqlite3")
    assert review.returncode == 1 and "not a regular file (a character device)" in review.stdout, review.stderr
    redact = run_cli("redact", special_folder, "--out", tmp_path / "脱敏")
    assert redact.returncode == 1 and redact.stdout.count("FAILED") == 2 and "1 redacted copies written" in redact.stdout
    assert not (tmp_path / "脱敏" / "管道.txt").exists()


# --- scan_tree(workers=2) from a script without the __main__ guard: a clear error, not a hang ---

NO_GUARD = """import screening
for result in screening.scan_tree([{folder!r}], workers=2):
    print(result.path, result.verdict)
"""


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_workers_from_a_script_without_the_main_guard_fail_with_a_clear_message(tmp_path, how):
    for index in range(4):  # enough work to start workers (engine.parallel.PARALLEL_MIN_BYTES)
        (tmp_path / f"通知{index}.txt").write_text("关于召开期末工作会议的通知。\n" * 30_000, encoding="utf-8")
    script = tmp_path / "no_guard.py"
    script.write_text(NO_GUARD.format(folder=str(tmp_path)), encoding="utf-8")
    command = [sys.executable, str(script)] if how == "file" else [sys.executable, "-"]
    completed = subprocess.run(command, input=script.read_text() if how == "stdin" else None,
                               capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert completed.returncode != 0
    assert "WorkerStartError" in completed.stderr and 'if __name__ == "__main__":' in completed.stderr
    assert completed.stderr.count("Traceback") <= 4  # not a worker respawned again and again


def test_workers_start_only_when_the_work_pays_for_them(tmp_path, monkeypatch):
    from screening.engine import parallel

    started = []
    monkeypatch.setattr("screening.api.map_in_workers", lambda *args, **kwargs: started.append(args) or iter(()))
    for index in range(19):  # 19 small notices: one process is faster than two
        (tmp_path / f"{index}.txt").write_text("关于召开期末工作会议的通知。\n", encoding="utf-8")
    import screening

    assert len(list(screening.scan_tree([tmp_path], workers=2))) == 19 and not started
    assert not parallel.pays_for_workers(parallel.PARALLEL_MIN_BYTES, 3, 2)  # fewer files than two per worker
    assert parallel.pays_for_workers(parallel.PARALLEL_MIN_BYTES, 4, 2)


def _docx_with_a_body_of(tmp_path: Path, paragraphs: int) -> Path:
    """A real docx whose document.xml is rewritten to hold `paragraphs` varied paragraphs."""
    import random
    import zipfile

    import docx

    base = tmp_path / "base.docx"
    docx.Document().save(base)
    rng = random.Random(7)
    words = "我校举行学生资助工作会议各学院教师参加本次活动通知如下请按时完成相关材料报送"
    body = "".join(
        f"<w:p><w:r><w:t>{''.join(rng.choice(words) for _ in range(60))}{rng.randrange(10**9)}</w:t></w:r></w:p>"
        for _ in range(paragraphs)
    )
    target = tmp_path / "很长的文件.docx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                data = text.replace("<w:body>", "<w:body>" + body, 1).encode("utf-8")
            out.writestr(item, data)
    return target


def test_a_docx_body_too_large_to_parse_whole_is_a_per_file_error_not_gigabytes(tmp_path):
    # issue 19: a 200 MiB document.xml (165:1, under the bomb ratio) took 1.7 GB of memory
    from screening.api import scan_path
    from screening.sources.document import Limits

    path = _docx_with_a_body_of(tmp_path, 12_000)  # ~3 MiB of XML
    refused = scan_path(path, limits=Limits(max_xml_part_bytes=1024 * 1024))
    assert refused.verdict == "error" and "MiB of XML" in refused.error and "word/document.xml" in refused.error
    assert scan_path(path).verdict != "error"  # under the default limit it is read
