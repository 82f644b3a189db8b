-- Signing out ends every sign-in cookie issued to that account before that moment.
ALTER TABLE users ADD COLUMN signed_out_at TIMESTAMPTZ;
