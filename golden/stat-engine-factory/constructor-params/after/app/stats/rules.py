class RuleSet:
    pass
