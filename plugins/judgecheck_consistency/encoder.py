"""JC101's sentence encoder: a fine-tuned MiniLM that reads whether a sentence states a current shortcoming.

Trained by ``bench/label/train_encoder.py`` and shipped as 8-bit ONNX with its tokenizer and
thresholds in ``models/encoder/`` (data card ``models/shortcoming.md``). It runs on
onnxruntime, one thread, one sentence at a time: a sentence's logit depends on its words
alone, never on the other sentences of the run, so output is the same alone and in a batch.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(str(files("judgecheck_consistency") / "models" / "encoder"))


@dataclass(eq=False)
class SentenceEncoder:
    """The encoder's logit for a sentence, with its thresholds (logits chosen on cross-validation)."""

    #: Word pieces read of a sentence; longer sentences are cut.
    MAX_TOKENS = 96

    directory: Path
    threshold: float
    #: At or above this logit the encoder is sure (cross-validated precision 0.97): with quantity words that say
    #: widespread or serious, a warning.
    strong: float
    #: A sentence that the feature model's bound puts under this probability is not read (it is not a shortcoming).
    prefilter: float
    _session: Any = field(default=None, repr=False)
    _tokenizer: Any = field(default=None, repr=False)

    @classmethod
    @functools.cache
    def load(cls, directory: Path = MODEL_DIR) -> SentenceEncoder:
        """The shipped encoder's thresholds, read once per process; the network itself loads on first use."""
        meta = json.loads((directory / "encoder.json").read_text(encoding="utf-8"))
        return cls(directory, float(meta["threshold"]), float(meta["strong"]), float(meta["prefilter"]))

    def _open(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(self.directory / "encoder.onnx"), options,
                                                     providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(self.MAX_TOKENS)
        self._tokenizer = tokenizer

    def logit(self, sentence: str) -> float:
        """The encoder's logit that ``sentence`` states a current shortcoming."""
        if self._session is None:
            self._open()
        ids = np.array([self._tokenizer.encode(sentence).ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        return float(self._session.run(None, feed)[0][0][0])

    @staticmethod
    def probability(logit: float) -> float:
        """A logit as a probability."""
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))
