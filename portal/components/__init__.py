"""Reusable UI pieces: the app shell, stat tiles, centred message pages."""
