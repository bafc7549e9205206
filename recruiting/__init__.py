"""The setup domain (units, jobs, tracks, rules) and the small shared kernel."""
