"""The `school-log` command line: the parser, each command's handler, and how they print and ask.

Nothing else in `school_log` imports this package; `tui.main`, the entry point, hands it every command.
"""
