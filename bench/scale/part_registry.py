"""The scale loader's registry: bench mills and their configuration, staff, farmers, plots,
contracts."""

from __future__ import annotations

from sqlkit import step


class RegistryPart:
    def load_registry(self) -> None:
        v = self.v
        M, F, P, D, L, R, N, ND = v.M, v.F, v.P, v.D, v.L, v.R, v.N, v.ND
        b, mill, season, user, ts = v.b, v.mill, v.season, v.user, v.ts
        m_of_k, mill_of_k, staff = v.m_of_k, v.mill_of_k, v.staff
        pw = v.pw
        # Mills and their configuration --------------------------------------------------
        self.clone(
            "partners_mill",
            f"(SELECT * FROM partners_mill WHERE id = {self.t_mill}) t "
            f"CROSS JOIN generate_series(1, {M}) g",
            {
                "id": f"{mill} + g",
                "code": "'bench-' || lpad(g::text, 3, '0')",
                "name": "'PG Bench ' || g",
                "created_at": ts,
                "updated_at": ts,
            },
        )
        self.clone(
            "partners_season",
            f"(SELECT * FROM partners_season WHERE id = "
            f"{self.t_season}) t CROSS JOIN generate_series(1, {M}) g",
            {"id": f"{season} + g", "mill_id": f"{mill} + g"},
        )
        self.clone(
            "partners_region",
            f"(SELECT * FROM partners_region WHERE mill_id = "
            f"{self.t_mill} ORDER BY id LIMIT 1) t CROSS JOIN generate_series(1, {M}) g "
            f"CROSS JOIN generate_series(1, {R}) r",
            {
                "id": f"{b['partners_region']} + (g - 1) * {R} + r",
                "code": "'r' || r",
                "name": "'Wilayah ' || r",
                "mill_id": f"{mill} + g",
            },
        )
        for table in ("harvest_harvestpolicy", "compliance_compliancesettings"):
            self.clone(
                table,
                f"(SELECT * FROM {table} WHERE mill_id = {self.t_mill}) t "
                f"CROSS JOIN generate_series(1, {M}) g",
                {"mill_id": f"{mill} + g"},
                skip=("id",),
            )
        self.clone(
            "compliance_eventtype",
            f"(SELECT * FROM compliance_eventtype WHERE mill_id "
            f"= {self.t_mill}) t CROSS JOIN generate_series(1, {M}) g",
            {"mill_id": f"{mill} + g"},
            skip=("id",),
        )
        self.clone(
            "compliance_seasonbenchmark",
            f"(SELECT * FROM compliance_seasonbenchmark "
            f"WHERE season_id = {self.t_season}) t CROSS JOIN generate_series(1, {M}) g",
            {"season_id": f"{season} + g"},
            skip=("id",),
        )
        step(f"{M} mills with season, {R} regions, policy, settings, event types")

        # Staff and farmers' logins -------------------------------------------------------
        roles = "(ARRAY['manager', 'field_staff', 'credit_officer'])"
        names = "(ARRAY['manager', 'field', 'credit'])"
        self.clone(
            "tebu_site_user",
            f"(SELECT * FROM tebu_site_user WHERE id = {self.t_user}) t "
            f"CROSS JOIN generate_series(1, {M}) g CROSS JOIN generate_series(1, 3) j",
            {
                "id": f"{user} + (g - 1) * 3 + j",
                "username": f"'bench-m' || lpad(g::text, 3, '0') || '-' || {names}[j]",
                "password": f"'{pw}'",
                "role": f"{roles}[j]",
                "first_name": f"initcap({names}[j])",
                "last_name": "'Bench ' || g",
                "email": "''",
                "last_login": "NULL",
                "is_superuser": "false",
                "is_staff": "false",
                "is_active": "true",
                "must_change_password": "false",
                "date_joined": ts,
            },
        )
        fuser = user + 3 * M
        self.clone(
            "tebu_site_user",
            f"(SELECT * FROM tebu_site_user WHERE id = {self.t_user}) t "
            f"CROSS JOIN generate_series(1, {N}) k",
            {
                "id": f"{fuser} + k",
                "username": "'bench-f' || lpad(k::text, 7, '0')",
                "password": f"'{pw}'",
                "role": "'farmer'",
                "first_name": "'Petani'",
                "last_name": "'Bench ' || k",
                "email": "''",
                "last_login": "NULL",
                "is_superuser": "false",
                "is_staff": "false",
                "is_active": "true",
                "must_change_password": "false",
                "date_joined": ts,
            },
        )
        self.run(
            f"INSERT INTO partners_mill_members (mill_id, user_id) SELECT {mill} + g, "
            f"{user} + (g - 1) * 3 + j FROM generate_series(1, {M}) g, "
            f"generate_series(1, 3) j"
        )
        self.run(
            f"INSERT INTO partners_region_field_staff (region_id, user_id) SELECT "
            f"{b['partners_region']} + (g - 1) * {R} + 1, {user} + (g - 1) * 3 + 2 "
            f"FROM generate_series(1, {M}) g"
        )
        step(f"{3 * M} staff and {N} farmer logins (one shared password hash)")

        # Farmers, plots, contracts ---------------------------------------------------------
        farmer = b["partners_farmer"]
        self.clone(
            "partners_farmer",
            f"(SELECT * FROM partners_farmer WHERE id = "
            f"{self.t_farmer}) t CROSS JOIN generate_series(1, {N}) k",
            {
                "id": f"{farmer} + k",
                "nik": "'9' || lpad(k::text, 15, '0')",
                "name": "'Petani Bench ' || k",
                "user_id": f"{fuser} + k",
                "mill_id": mill_of_k,
                "region_id": f"{b['partners_region']} + ({m_of_k} - 1) * {R} + (k - 1) % {R} + 1",
                "group_id": "NULL",
                "phone": "'08' || lpad(k::text, 10, '0')",
                "bank_account": "lpad(k::text, 12, '0')",
                "created_at": ts,
                "updated_at": ts,
            },
        )
        self.history(
            "partners_farmer",
            f"partners_farmer t WHERE t.id > {farmer}",
            {
                "history_date": "t.created_at",
                "history_type": "'+'",
                "history_user_id": f"{user} + ((t.mill_id - {mill}) - 1) * 3 + 2",
            },
        )
        plot = b["partners_plot"]
        self.clone(
            "partners_plot",
            f"(SELECT * FROM partners_plot WHERE id = {self.t_plot}) t "
            f"CROSS JOIN generate_series(1, {N}) k CROSS JOIN generate_series(1, {P}) p",
            {
                "id": f"{plot} + (k - 1) * {P} + p",
                "code": "'B' || k || '-' || p",
                "farmer_id": f"{farmer} + k",
                "mill_id": mill_of_k,
                "created_at": ts,
                "updated_at": ts,
            },
        )
        self.history(
            "partners_plot",
            f"partners_plot t WHERE t.id > {plot}",
            {"history_date": "t.created_at", "history_type": "'+'", "history_user_id": "NULL"},
        )
        contract = b["partners_seasoncontract"]
        self.clone(
            "partners_seasoncontract",
            f"(SELECT * FROM partners_seasoncontract WHERE id "
            f"= {self.t_contract}) t CROSS JOIN generate_series(1, {N}) k",
            {
                "id": f"{contract} + k",
                "number": f"'BENCH/' || {m_of_k} || '/' || k",
                "farmer_id": f"{farmer} + k",
                "mill_id": mill_of_k,
                "season_id": f"{season} + {m_of_k}",
                "renewed_from_id": "NULL",
                "template_id": "NULL",
                "signed_recorded_by_id": f"{staff} + 1",
                "created_at": ts,
                "updated_at": ts,
            },
        )
        self.run(
            f"INSERT INTO partners_seasoncontract_plots (seasoncontract_id, plot_id) "
            f"SELECT {contract} + k, {plot} + (k - 1) * {P} + p "
            f"FROM generate_series(1, {N}) k, generate_series(1, {P}) p"
        )
        self.history(
            "partners_seasoncontract",
            f"partners_seasoncontract t WHERE t.id > {contract}",
            {
                "history_date": "t.created_at",
                "history_type": "'+'",
                "history_user_id": "t.signed_recorded_by_id",
            },
        )
        step(f"{N} farmers, {N * P} plots, {N} contracts (with history)")

        # Scheme and credit product per bench mill --------------------------------------------
        scheme = b["harvest_settlementscheme"]
        self.clone(
            "harvest_settlementscheme",
            f"(SELECT s.* FROM harvest_settlementscheme s "
            f"JOIN harvest_deliveryorder d ON d.scheme_id = s.id WHERE d.id = {self.t_do}"
            f") t CROSS JOIN generate_series(1, {M}) g",
            {
                "id": f"{scheme} + g",
                "mill_id": f"{mill} + g",
                "season_id": f"{season} + g",
                "created_by_id": f"{user} + (g - 1) * 3 + 1",
            },
        )
        v.__dict__.update({k: x for k, x in locals().items() if k not in ("self", "v")})
