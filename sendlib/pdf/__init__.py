"""Printed documents, built with fpdf2 on one house layout (house.py); builders return bytes."""
