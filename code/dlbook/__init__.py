"""The experiment library of the book: small modules that the notebooks in code/notebooks call."""
