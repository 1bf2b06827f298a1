"""Synthetic council budget papers with truth files: the yardstick for table extraction.

build.py draws the suite with reportlab; scoring.py scores extracted figures
against the truth exactly as the shared scorer does.
"""
