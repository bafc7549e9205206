"""Candidates and their applications: facts, timelines, eligibility, actions, forms."""
