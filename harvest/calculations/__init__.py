"""Pure calculations the partnership operations need (sugar sharing, DO settlement, interest...).

No Django imports: Decimal in, Decimal out, so analytics and the services can both call them.
"""
