"""Indicator arithmetic: intensity, cumulative change, log progress, schedules, legal bases (methods.md §1)."""
