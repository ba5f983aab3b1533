"""Benchmark scripts (`make bench`): each module here has `main()` that prints its figures."""
