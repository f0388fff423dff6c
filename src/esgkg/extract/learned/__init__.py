"""Learned decisions of the extraction pipeline: models trained from the gold, shipped as plain weights."""
