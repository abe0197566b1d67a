"""The order engine: actions, guards, handlers, the simulated clock and its actors."""
