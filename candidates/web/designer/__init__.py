"""The track designer and the eligibility-rule builder, for admins."""
