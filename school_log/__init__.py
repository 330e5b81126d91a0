"""school-log's domain: pupils, concerns, body maps, chronology, patterns and decisions.

No SQL and no ciphers here: the vault in `storage` seals and chains what this layer hands it.
"""
