"""Exercises trainers adapt: the file format, the models and the apps."""
