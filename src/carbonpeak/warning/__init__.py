"""Early warning: barometer rule sets as data and one evaluate() (methods.md §2)."""
