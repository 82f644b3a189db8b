"""The school itself: its name, logo and reply target (settings), the English school year and year
groups (year), and its calendar of terms, half terms and closures (calendar)."""
