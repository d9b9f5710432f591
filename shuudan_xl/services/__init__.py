"""Use cases: one function per job, data in, findings and rows out."""
