"""Train the CRF reference model from tests/data/labelled_references (never from gold.xml).

    python -m benchmarks.train_reference_parser [--files core.xml,good.xml] [--out PATH]

Same data and parameters give the same model file: L-BFGS runs in a fixed order.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pycrfsuite

from benchmarks.labelled_references import TRAINING_FILES, training_references
from build_tools.references.parse_reference import DEFAULT_MODEL_PATH
from build_tools.references.reference_features import sequence_features, tokenize

# L1 keeps the model small (most word-identity weights go to zero); 150 L-BFGS
# iterations converge to within ~0.1% token accuracy of 500 and take ~2 minutes.
TRAINING_PARAMETERS: dict[str, float | int | bool] = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}


def train(files: tuple[str, ...], model_path: Path) -> int:
    trainer = pycrfsuite.Trainer(verbose=False)
    references = training_references(files)
    for reference in references:
        trainer.append(sequence_features(tokenize(reference.text)), list(reference.token_labels))
    trainer.set_params(TRAINING_PARAMETERS)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return len(references)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default=",".join(TRAINING_FILES), help="comma-separated names in the data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    arguments = parser.parse_args()
    started = time.perf_counter()
    count = train(tuple(arguments.files.split(",")), arguments.out)
    size = arguments.out.stat().st_size
    print(f"trained on {count} references in {time.perf_counter() - started:.0f} s → {arguments.out} ({size:,} bytes)")


if __name__ == "__main__":
    main()
