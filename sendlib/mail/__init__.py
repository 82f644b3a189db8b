"""Email to parents through the school's own mail server: its settings (server), the messages
themselves (messages), the outbox they wait in and are sent from (outbox), and the connection
to the server, with its answers in plain words (smtp)."""
