"""The trainer's view of a class and a programme: reports over the store, and demo data.

Read only by trainer notebooks (``trainer/``), never by a participant's kernel: these
modules use pandas and matplotlib, imported when a report is first built.
"""
