"""Liveroom's domain: its words and pure rules. Imports neither aiogram nor SQLAlchemy."""
