"""Linking text to the skills language: search, extraction and crosswalk suggestions."""
