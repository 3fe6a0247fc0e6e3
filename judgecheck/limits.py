"""Time limits shared by the rule runner, the config and the command line (a module light enough for start-up)."""

#: Seconds a rule may run on one document (or, comparing documents, on the run) before it is stopped.
DEFAULT_RULE_TIMEOUT = 60.0
#: The longest time limit that can be set (about 31 years; the interval timer takes no more).
MAX_RULE_TIMEOUT = 1e9
