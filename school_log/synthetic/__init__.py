"""The synthetic school for demos and benchmarks: `plan` decides every entry from one seed
(`roll` the calendar, pupils and staff, `words` what they are called and write), and
`build` writes the plan into a new vault through the school's own services."""
