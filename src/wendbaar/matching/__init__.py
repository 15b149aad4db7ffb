"""Matching and career transitions (issue 5): fit of people to occupations and vacancies,
occupation-to-occupation transitions, labour-market signals, paths and upskilling.

The computation lives in :mod:`wendbaar.matching.engine` (plain Python, no Django).
"""
