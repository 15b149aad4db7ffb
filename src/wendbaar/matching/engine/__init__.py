"""The matching engine: plain Python (numpy, scipy), no Django.

Start from :class:`wendbaar.matching.engine.engine.MatchingEngine`; docs/matching.md
describes the method, the calibration and the numbers.
"""
