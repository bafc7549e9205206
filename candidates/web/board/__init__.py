"""Jobs, the pipeline board per job, and the applications list."""
