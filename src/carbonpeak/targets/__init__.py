"""Evaluation of the plan's typed targets against observations (data-model.md §2)."""
