"""Train the CRF reference model from the training part of every labelled source.

    python -m benchmarks.train_reference_parser [--out PATH] [--source NAME ...] [--development]

The held-out part of each source (benchmarks/labelled_references.py) is never read here.

Same data and parameters give the same model file: L-BFGS runs in a fixed order.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pycrfsuite

from benchmarks.labelled_references import SOURCE_NAMES, LabelledCorpus
from build_tools.references.parse_reference import DEFAULT_MODEL_PATH, identifier_tail_start
from build_tools.references.reference_features import sequence_features, tokenize

# L1 keeps the model small (most word-identity weights go to zero). On core.xml
# c1 = 0.05 with every feature kept and c1 = 0.1 with features seen twice scored the
# same on gold.xml (98.9% of tokens); the latter makes the smaller file. ~100 s on one core.
TRAINING_PARAMETERS: dict[str, float | int | bool] = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def train(model_path: Path, sources: tuple[str, ...] = SOURCE_NAMES, development: bool = False) -> int:
    trainer = pycrfsuite.Trainer(verbose=False)
    references = LabelledCorpus().training(sources, development)
    for reference in references:
        # The parser labels only what comes before a closing link (`identifier_tail_start`); so does training.
        tokens = tokenize(reference.text[: identifier_tail_start(reference.text)])
        if tokens:
            trainer.append(sequence_features(tokens), list(reference.token_labels[: len(tokens)]))
    trainer.set_params(TRAINING_PARAMETERS)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return len(references)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--source", action="append", choices=SOURCE_NAMES,
                        help="train on these sources only (repeat); default all")
    parser.add_argument("--development", action="store_true",
                        help="leave out each source's development fifth, to try features on it")
    arguments = parser.parse_args()
    started = time.perf_counter()
    count = train(arguments.out, tuple(arguments.source or SOURCE_NAMES), arguments.development)
    size = arguments.out.stat().st_size
    print(f"trained on {count} references in {time.perf_counter() - started:.0f} s → {arguments.out} ({size:,} bytes)")


if __name__ == "__main__":
    main()
