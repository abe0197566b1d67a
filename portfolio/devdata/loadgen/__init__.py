"""Volume data for load tests, written with bulk Core inserts (``flask loadgen``)."""
