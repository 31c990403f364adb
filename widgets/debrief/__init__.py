"""The trainer's live debrief: a class's answers to one exercise, against the reference."""
