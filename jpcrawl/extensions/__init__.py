"""Run-time extensions: progress lines (progress.py)."""
