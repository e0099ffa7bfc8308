"""Rendering results for people (text) and programs (JSON, JSON Lines, CSV). Pure: returns str."""
