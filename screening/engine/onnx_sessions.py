"""onnxruntime sessions as the engine runs them: one thread each, no spinning.

A scan runs where other work runs: `--workers`, `serve --concurrency`, Dask workers, a second
process on the same cores. onnxruntime's default uses every core and keeps its threads
spinning between calls, so two of them (or one beside another busy process) fight for the
cores. Measured on this 2-core machine with one core busy: LAC read the MSRA test sentences at
12.5 k chars/s with its default session, 31.7 k with one thread, 35.3 k with one thread and no
spinning (2 threads without spinning: 6.1 k).
"""

from __future__ import annotations

from pathlib import Path


def cpu_session(model: str | Path, threads: int = 1):
    """An InferenceSession on the CPU with `threads` intra-op threads, one inter-op thread and
    no spin-waiting between calls."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
