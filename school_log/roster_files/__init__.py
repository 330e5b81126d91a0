"""Read a school roster (MIS CSV export or DfE Common Transfer File) into checked rows.

Pure parsing and validation: no storage, no crypto. A roster is imported all or
nothing, so the first bad row stops the import with one line naming the file, the
row and the field. Messages never repeat a pupil's name (only the bad value of the
field complained about, and UPNs), because they may end up on screens and in logs.

The package, a module a part, each using only those listed before it:
`checks` (one cell), `family` (a row's family columns, and the DSL's family form),
`rows` (`RosterRow`, one row checked), `households` (a file's rows together),
`csv_rows` and `ctf` (the two formats), `reading` (`read_roster`: opening a file and
telling its format).
"""
