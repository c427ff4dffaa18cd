"""The scale loader's compliance events and credit applications."""

from __future__ import annotations

from sqlkit import step


class EventsCreditPart:
    def load_events_credit(self) -> None:
        v = self.v
        M, F, P, D, L, R, N, ND = v.M, v.F, v.P, v.D, v.L, v.R, v.N, v.ND
        b, mill, season, user, ts = v.b, v.mill, v.season, v.user, v.ts
        m_of_k, mill_of_k, staff = v.m_of_k, v.mill_of_k, v.staff
        farmer, do, a = v.farmer, v.do, self.a
        # Compliance events -------------------------------------------------------------------
        days = self.one(
            "SELECT do_unpaid_days FROM compliance_compliancesettings WHERE mill_id = %s",
            [self.t_mill],
        )
        t_unpaid = self.one(
            "SELECT id FROM compliance_complianceevent WHERE rule_key = "
            "'do_unpaid' ORDER BY id LIMIT 1"
        )
        et = (
            "(SELECT e.id FROM compliance_eventtype e WHERE e.mill_id = o.mill_id AND e.code = "
            "(SELECT code FROM compliance_eventtype WHERE id = t.event_type_id))"
        )
        n_unpaid = 0
        if t_unpaid:
            n_unpaid = self.clone(
                "compliance_complianceevent",
                f"(SELECT * FROM "
                f"compliance_complianceevent WHERE id = {t_unpaid}) t CROSS "
                f"JOIN harvest_deliveryorder o JOIN partners_farmer f ON f.id "
                f"= o.farmer_id WHERE o.id > {do} AND o.status IN ('issued', "
                f"'partly_paid') AND o.expected_payment_on + {days or 0} < "
                f"current_date",
                {
                    "subject_key": "'do:' || o.id",
                    "delivery_order_id": "o.id",
                    "farmer_id": "o.farmer_id",
                    "mill_id": "o.mill_id",
                    "season_id": "o.season_id",
                    "region_id": "f.region_id",
                    "event_type_id": et,
                    "occurred_on": "o.expected_payment_on",
                    "raised_at": "o.issued_at + interval '30 days'",
                    "created_at": "o.issued_at + interval '30 days'",
                    "updated_at": "o.issued_at + interval '30 days'",
                    "plot_id": "NULL",
                    "spta_id": "NULL",
                    "weighing_id": "NULL",
                    "rendemen_analysis_id": "NULL",
                    "credit_application_id": "NULL",
                    "raised_by_id": "NULL",
                },
                skip=("id",),
            )
        extra = max(0, round(a.events_per_do * ND) - n_unpaid)
        n_manual = 0
        templates = self.one("SELECT count(*) FROM compliance_complianceevent WHERE rule_key = ''")
        if extra and templates:
            step_d = max(1, ND // extra)
            n_manual = self.clone(
                "compliance_complianceevent",
                f"(SELECT *, row_number() OVER (ORDER BY id) - 1 AS rn FROM "
                f"compliance_complianceevent WHERE rule_key = '') t JOIN (SELECT o.*, "
                f"row_number() OVER (ORDER BY o.id) AS n FROM harvest_deliveryorder o WHERE "
                f"o.id > {do} AND (o.id - {do}) % {step_d} = 0 LIMIT {extra}) o ON t.rn = o.n % "
                f"{templates} JOIN partners_farmer f ON f.id = o.farmer_id",
                {
                    "subject_key": "''",
                    "delivery_order_id": "o.id",
                    "farmer_id": "o.farmer_id",
                    "mill_id": "o.mill_id",
                    "season_id": "o.season_id",
                    "region_id": "f.region_id",
                    "event_type_id": et,
                    "occurred_on": "o.period_end",
                    "raised_at": "o.created_at + interval '3 days'",
                    "created_at": "o.created_at + interval '3 days'",
                    "updated_at": "o.created_at + interval '3 days'",
                    "closed_at": "CASE WHEN t.closed_at IS NULL THEN NULL ELSE o.created_at + "
                    "interval '20 days' END",
                    "sanction_on": "CASE WHEN t.sanction_on IS NULL THEN NULL "
                    "ELSE o.period_end + 20 END",
                    "plot_id": "NULL",
                    "spta_id": "NULL",
                    "weighing_id": "NULL",
                    "rendemen_analysis_id": "NULL",
                    "credit_application_id": "NULL",
                    "raised_by_id": f"{user} + (o.mill_id - {mill} - 1) * 3 + 1",
                },
                skip=("id",),
            )
        # No history rows: an event raised and not yet changed has none (tebu_site.history).
        step(f"{n_unpaid} do_unpaid events (the rule's key) and {n_manual} manual events")

        # Credit: one product per bench mill, applications of --credit-share of the farmers ------
        product = b["credit_creditproduct"]
        t_product = self.one(
            "SELECT product_id FROM credit_creditapplication a JOIN "
            "credit_creditproduct p ON p.id = a.product_id WHERE a.season_id = "
            "%s GROUP BY product_id ORDER BY count(*) DESC LIMIT 1",
            [self.t_season],
        )
        n_apps = 0
        if t_product and a.credit_share > 0:
            self.clone(
                "credit_creditproduct",
                f"(SELECT * FROM credit_creditproduct WHERE id = "
                f"{t_product}) t CROSS JOIN generate_series(1, {M}) g",
                {"id": f"{product} + g", "mill_id": f"{mill} + g", "season_id": f"{season} + g"},
            )
            self.clone(
                "credit_applicationwindow",
                f"(SELECT * FROM credit_applicationwindow "
                f"WHERE product_id = {t_product}) t CROSS JOIN generate_series(1, {M}) g",
                {"product_id": f"{product} + g"},
                skip=("id",),
            )
            every = max(1, round(1 / a.credit_share))
            ntpl = self.one(
                "SELECT count(*) FROM credit_creditapplication WHERE season_id = %s",
                [self.t_season],
            )
            app = b["credit_creditapplication"]
            n_apps = self.clone(
                "credit_creditapplication",
                f"(SELECT *, row_number() OVER (ORDER BY id) - 1 AS rn FROM "
                f"credit_creditapplication WHERE season_id = {self.t_season}) t JOIN "
                f"generate_series({every}, {N}, {every}) k ON t.rn = (k / {every}) % {ntpl}",
                {
                    "id": f"{app} + k",
                    "number": f"'KR/BENCH/' || {m_of_k} || '/' || k",
                    "farmer_id": f"{farmer} + k",
                    "season_id": f"{season} + {m_of_k}",
                    "product_id": f"{product} + {m_of_k}",
                    "created_by_id": f"{staff} + 3",
                    "interview_by_id": f"CASE WHEN t.interview_by_id IS NULL THEN NULL ELSE "
                    f"{staff} + 3 END",
                    "plot_visit_by_id": f"CASE WHEN t.plot_visit_by_id IS NULL THEN NULL ELSE "
                    f"{staff} + 2 END",
                },
            )
            self.history(
                "credit_creditapplication",
                f"credit_creditapplication t WHERE t.id > {app}",
                {
                    "history_date": "t.created_at",
                    "history_type": "'+'",
                    "history_user_id": "t.created_by_id",
                },
            )
        step(f"{n_apps} credit applications")
        v.__dict__.update({k: x for k, x in locals().items() if k not in ("self", "v")})
