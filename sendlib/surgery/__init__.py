"""Parent surgeries: the weekly sessions the SENCo keeps (sessions), booking slots (bookings), the
grid the office books from (grid), who needs a meeting (meetings_due), and calendar invitations
for parents (invites)."""
