"""What the school shows and prints about its work with parents: the Code of Practice figures
(compliance), charts, the governors' termly report, what a projector may show in a staff
meeting (staff_meeting), and the audited entry points for printing any document (printing)."""
