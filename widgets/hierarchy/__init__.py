"""The hierarchy of controls (pure; never imports ipywidgets)."""
