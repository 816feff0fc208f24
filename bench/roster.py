"""Time and peak memory of `screening scan` on one large 公示 roster, as it grows.

    python bench/roster.py [--rows 10000,100000] [--formats csv,xlsx]

A roster is the hardest everyday input for the names stage: every row has a name under
姓名, a school, a grade, a score under 总分 and a rank under 名次 (one in twenty rows also an
ID under 身份证号), so every row is a block with people and column details. Each scan runs in
its own process (`python -m screening scan FILE --format json --output /dev/null`); its
wall time and peak RSS (ru_maxrss of the child) are printed. Bounded memory means the peak
stays flat as the row count grows tenfold. Names are generated (common surnames plus
given-name characters), never real people.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.folder_memory import measure
from tests.conftest import make_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力志宇浩然子轩梓涵一诺欣怡雨萱思远嘉怡"
HEADER = ["序号", "姓名", "学校", "年级", "总分", "名次", "身份证号"]


def rows(count: int, seed: int = 5):
    rng = random.Random(seed)
    for number in range(1, count + 1):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        resident_id = make_id("340104", f"2009{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}", f"{rng.randint(0, 999):03d}") if number % 20 == 0 else ""
        yield [number, name, f"第{rng.randint(1, 60)}中学", rng.choice(("七年级", "八年级", "九年级")), rng.randint(300, 750), number, resident_id]


def write_roster(path: Path, count: int) -> None:
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows(count))
        return
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("成绩")
    sheet.append(HEADER)
    for row in rows(count):
        sheet.append(row)
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--formats", default="csv,xlsx")
    args = parser.parse_args()
    print(f"{'roster':<22}{'rows':>9}{'MB':>7}{'seconds':>9}{'rows/s':>9}{'peak RSS MB':>13}{'exit':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in args.formats.split(","):
            for count in (int(n) for n in args.rows.split(",")):
                path = Path(tmp) / f"成绩名单_{count}.{suffix}"
                write_roster(path, count)
                peak, seconds, code = measure(path)
                size = path.stat().st_size / 1e6
                print(f"{path.suffix:<22}{count:>9,}{size:>7.1f}{seconds:>9.1f}{count / seconds:>9,.0f}{peak:>13.0f}{code:>6}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
