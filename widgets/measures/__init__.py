"""The library of control measures and the kinds of hazard (pure; never imports ipywidgets)."""
