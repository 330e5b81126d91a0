"""A held-out-style practice corpus for the DSL review's pattern flags (issue 25), and its replay.

Written from safeguarding practice (KCSIE 2024/2025, Working Together 2023, NSPCC case-review
learning, LSCP bruising protocols, Operation Encompass, the FGM duty, Prevent, county lines,
children missing education, young carers) by someone who did not read the program's rules.
`python -m tests.replay_practice` replays the school year and prints the table, the misses and the
false alarms; `tests/test_replay_practice.py` holds the corpus's shape and the issue's targets.

- `calendar`: the school year 2025-26, term dates, half-terms, INSET days, bank holidays.
- `people`: the staff (three DSLs, thirty colleagues, each with a habit for the form's boxes), names.
- `story`: how a trajectory is written (children, steps, families); the families live in
  `escalating_*` and `benign_*`; `background`: ordinary entries about everyone else.
- `corpus`: pupils in households, every entry on its school day in the CLI's JSON.
- `replay`: the year lived through the program's services; `report`: what it scored.
"""
