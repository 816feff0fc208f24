"""Benchmarks and accuracy evaluation for `screening` (not part of the package, not run by CI tests)."""
