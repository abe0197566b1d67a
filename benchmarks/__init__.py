"""Benchmarks: `make bench` runs every ``*_bench.py`` module here."""
