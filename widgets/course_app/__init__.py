"""The classroom app: every lesson and activity in one page, one kernel per participant."""
