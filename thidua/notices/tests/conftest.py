from thidua.scoring.tests.conftest import year  # noqa: F401  (a signed covenant and open scorecards)
