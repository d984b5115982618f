"""Build-performance benchmarks: a synthetic corpus generator and a runner
that times `mkdocs build` and `mkdocs serve` on it (see README.md here)."""
