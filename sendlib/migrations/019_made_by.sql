-- Who made each staff account: "command line" for the accounts made there, which stay able to
-- sign in with a password when the school allows only its own accounts otherwise.
ALTER TABLE users ADD COLUMN made_by VARCHAR;
UPDATE users SET made_by = a.username
FROM audit_log AS a
WHERE a.action = 'add user' AND split_part(a.detail, ' ', 1) = users.username;
