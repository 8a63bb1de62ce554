"""The state changes of a scoring year, one module per domain (as pretix's `base/services/<domain>.py`):

- `tables`: build, check, freeze, copy forward and amend the scoring table;
- `year`: the block year's scoring settings and its members;
- `covenant`: draft, open for signing, sign and amend the covenant;
- `cards`: open, self-score, attach evidence to and submit scorecards;
- `reviews`: assign and submit reviews, the bonus and penalty ledger, explanations;
- `registration`: movements and the members' registrations;
- `ranking`: final scores, totals, the ranking and its publication;
- `reminders`: the deadline reminders the daily job sends.

Callers import from the module of the domain (`from thidua.scoring.services.covenant import sign_covenant`).
"""
