"""Loading and validating what trainers edit: YAML files with clear, located errors."""

from widgets.content.errors import ContentError, Problem
from widgets.content.yamlio import load_yaml

__all__ = ["ContentError", "Problem", "load_yaml"]
