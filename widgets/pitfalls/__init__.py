"""The risk-matrix pitfalls lab (lesson 03): why matrices mislead, after Cox (2008)."""
