"""Benchmarks behind `smartbranch bench`."""
