"""school-log's domain: pupils, concerns, body maps, chronology, patterns and decisions.

No SQL and no ciphers here: the vault in `storage` seals and chains what this layer hands it.
"""

import logging

# The operational log (school_log/oplog.py) goes to its file only where the program sets it up;
# used as a library (tests, scripts), nothing it logs ever reaches the terminal.
logging.getLogger("school_log").addHandler(logging.NullHandler())
