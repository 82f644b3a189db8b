-- Staff-meeting mode, per account: while it is on, every screen shows pupils and parents by
-- initials and hides notes. Kept in the database so a reload of the page cannot switch it off.
ALTER TABLE users ADD COLUMN staff_meeting BOOLEAN DEFAULT FALSE;
