"""The communication timeline with a pupil's family (entries), the promise ledger of actions agreed
with parents (ledger), and advice on the words staff write (language, acronyms)."""
