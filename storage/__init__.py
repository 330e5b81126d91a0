"""The encrypted vault: sealed, signed, hash-chained records of a kind about a subject.

Knows nothing of concerns or body maps; see `storage.vault` (the store) and
`storage.session` (an unlocked account) for the API.
"""
