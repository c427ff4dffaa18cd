"""Writes for the partnership. Views, the API, imports, the admin and the demo loader all call
these functions, so each business rule lives in one place."""
