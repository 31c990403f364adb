"""Joining a class and coming back to one's work (the view over the store's identity)."""
