"""The vocabulary of carbonpeak: dimension names, periods, regions, variables and checks. No I/O."""
