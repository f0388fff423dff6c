"""Trained weights of the learned decisions (JSON, one file per category); see ``esgkg train``."""
