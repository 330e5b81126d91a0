"""The program's name, as the platform's folders (data, state, log, config) and its documents carry it.

A module of its own so that what needs only the name (the operational log, set up before a command line
is parsed) does not load the database engine.
"""

APP_NAME = "school-log"
