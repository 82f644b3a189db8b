"""Benchmarks for SEND Partnership Hub: `python -m bench`."""
