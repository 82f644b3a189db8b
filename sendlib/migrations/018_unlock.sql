-- A paused account unlocked by the SENCo: the failed tries before the unlock no longer count
-- against the username (they still count against the address they came from).
ALTER TABLE failed_logins ADD COLUMN unlocked_at TIMESTAMP WITH TIME ZONE;
