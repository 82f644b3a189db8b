-- This school's calendar events are named (UID) with an id of its own, so that a booking's
-- invitation, and the changes emailed later, are one event in a parent's calendar, never
-- mixed with another school's booking of the same number.
INSERT INTO settings (key, value)
SELECT 'calendar_id', substr(replace(CAST(uuid() AS VARCHAR), '-', ''), 1, 16)
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'calendar_id');
