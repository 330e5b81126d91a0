"""The pattern engine and its parts: which pupils need a DSL decision, how strongly, and why."""
