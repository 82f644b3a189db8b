"""The communication timeline with a pupil's family (entries), agreeing actions with parents and
the follow-ups the app adds itself (agreeing), the promise ledger they land on (ledger), and
advice on the words staff write (language, acronyms)."""
