"""The risk-matrix apps: rate a hazard on a method's grid, compare methods."""
