"""The encrypted vault: sealed, signed, hash-chained records of a kind about a subject.

Knows nothing of concerns or body maps; see `storage.vault` (the store) and
`storage.session` (an unlocked account) for the API.
"""

import logging

# The operational log (school_log/oplog.py) goes to its file only where the program sets it up;
# used as a library (tests, scripts), nothing it logs ever reaches the terminal.
logging.getLogger("school_log").addHandler(logging.NullHandler())
