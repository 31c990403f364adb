"""Pieces shared by every view: the stylesheet and small HTML helpers."""
