"""Int8 dynamic quantisation of the exported name model (onnxruntime.quantization; needs `onnx`,
in the `train` extra).

    python tools/quantize_names.py [--model screening/engine/models/names] [--out DIR]

Only the LSTM and the output MatMul are quantised: the embedding tables are already float16 and
the quantiser cannot read float16 Gathers. Measured (docs/benchmarks.md): the model stage ~1.4–2×
faster, PER F1 within ±0.004 of the float model on every corpus, 22.1 → 20.5 MB.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.engine.name_tagger import META_NAME, ONNX_NAME
from screening.engine.names_model import MODEL_PATH

QUANTISED_OPS = ["LSTM", "MatMul"]


def quantise(model_dir: Path, out_dir: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:  # in place (--out = --model) must not read what it writes
        source = Path(tmp) / ONNX_NAME
        shutil.copyfile(model_dir / ONNX_NAME, source)
        quantize_dynamic(source, out_dir / ONNX_NAME, weight_type=QuantType.QInt8, op_types_to_quantize=QUANTISED_OPS)
    if out_dir.resolve() != model_dir.resolve():
        shutil.copyfile(model_dir / META_NAME, out_dir / META_NAME)
    return out_dir / ONNX_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="folder with names.onnx + names.json")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="output folder (default: in place)")
    args = parser.parse_args(argv)
    path = quantise(args.model, args.out)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
