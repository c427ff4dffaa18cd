"""The scale loader's harvest: SPTAs, rendemen analyses, DOs with their lines, weighings, payments
and history."""

from __future__ import annotations

from sqlkit import step


class HarvestPart:
    def load_harvest(self) -> None:
        v = self.v
        M, F, P, D, L, R, N, ND = v.M, v.F, v.P, v.D, v.L, v.R, v.N, v.ND
        b, mill, season, user, ts = v.b, v.mill, v.season, v.user, v.ts
        m_of_k, mill_of_k, staff = v.m_of_k, v.mill_of_k, v.staff
        farmer, plot, scheme = v.farmer, v.plot, v.scheme
        # SPTAs, rendemen analyses, DOs, weighings, lines, payments -----------------------------
        # DO d (1..ND) is the i-th (1..D) of farmer k; its period ends through the season in
        # order. Status: the last DO of some farmers is a draft, recent ones mostly unpaid, old
        # ones mostly paid, a few old ones still unpaid (overdue, the compliance rule's case).
        k_of_d = f"((d - 1) / {D} + 1)"
        i_of_d = f"((d - 1) % {D} + 1)"
        h = "((d * 37) % 100)"
        end = f"(date '{self.t_milling_start}' + 6 + (({i_of_d} - 1) * 140 / {D}))"
        status = (
            f"(CASE WHEN {i_of_d} = {D} AND {h} < 50 THEN 'draft' "
            f"WHEN {i_of_d} > {D} * 0.8 THEN (CASE WHEN {h} < 60 THEN 'issued' "
            f"WHEN {h} < 75 THEN 'partly_paid' ELSE 'paid' END) "
            f"WHEN {h} < 85 THEN 'paid' WHEN {h} < 92 THEN 'partly_paid' "
            f"ELSE 'issued' END)"
        )
        spta, weighing = b["harvest_spta"], b["harvest_weighing"]
        rendemen, do = b["harvest_rendemenanalysis"], b["harvest_deliveryorder"]
        self.run(
            f"CREATE TEMP TABLE bench_do ON COMMIT DROP AS SELECT d, {k_of_d} AS k, "
            f"{i_of_d} AS i, {end} AS period_end, {status}::text AS status, {h} AS h "
            f"FROM generate_series(1, {ND}) d"
        )
        self.run("ALTER TABLE bench_do ADD PRIMARY KEY (d)")
        serial = f"(((d.k - 1) % {F}) * {D} + d.i)"  # the DO's serial within its mill
        num = f"lpad({serial}::text, greatest(5, length({serial}::text)), '0')"
        mcode = f"'BENCH-' || lpad(({m_of_k.replace('k', 'd.k')})::text, 3, '0')"
        season_name = self.one("SELECT name FROM partners_season WHERE id = %s", [self.t_season])
        dmill = f"({mill} + {m_of_k.replace('k', 'd.k')})"
        dstaff = f"({user} + ({m_of_k.replace('k', 'd.k')} - 1) * 3)"
        cut = "(d.period_end - 1 + time '06:00') AT TIME ZONE 'Asia/Jakarta'"
        self.clone(
            "harvest_spta",
            f"(SELECT * FROM harvest_spta WHERE id = {self.t_spta}) t CROSS JOIN bench_do d",
            {
                "id": f"{spta} + d.d",
                "number": f"'SPTA/' || {mcode} || '/{season_name}/' || {num}",
                "cutting_date": "d.period_end - 1",
                "farmer_id": f"{farmer} + d.k",
                "plot_id": f"{plot} + (d.k - 1) * {P} + (d.i - 1) % {P} + 1",
                "mill_id": dmill,
                "season_id": f"{season} + ({dmill} - {mill})",
                "issued_by_id": f"{dstaff} + 2",
                "closed_by_id": f"{dstaff} + 2",
                "issued_at": f"{cut} - interval '1 day'",
                "expires_at": f"{cut}",
                "closed_at": f"{cut} + interval '5 hours'",
                "created_at": f"{cut}",
                "updated_at": f"{cut}",
            },
        )
        step(f"{ND} SPTAs")
        self.clone(
            "harvest_rendemenanalysis",
            f"(SELECT * FROM harvest_rendemenanalysis "
            f"WHERE id = {self.t_rendemen}) t CROSS JOIN bench_do d",
            {
                "id": f"{rendemen} + d.d",
                "sample_code": f"'NPP/' || {mcode} || '/' || {num}",
                "farmer_id": f"{farmer} + d.k",
                "mill_id": dmill,
                "measured_by_id": f"{dstaff} + 1",
                "measured_at": f"{cut} + interval '8 hours'",
                "created_at": f"{cut}",
                "updated_at": f"{cut}",
            },
        )
        # No history rows: a row made and never changed has none (tebu_site.history).
        step(f"{ND} rendemen analyses")
        issued = "((d.period_end + 2 + time '10:00') AT TIME ZONE 'Asia/Jakarta')"
        paid = f"({issued} + ((7 + d.h % 30) * interval '1 day'))"
        self.clone(
            "harvest_deliveryorder",
            f"(SELECT * FROM harvest_deliveryorder WHERE id = {self.t_do}) t CROSS JOIN bench_do d",
            {
                "id": f"{do} + d.d",
                "number": f"'DO/' || {mcode} || '/{season_name}/' || {num}",
                "status": "d.status",
                "period_start": "d.period_end - 6",
                "period_end": "d.period_end",
                "farmer_id": f"{farmer} + d.k",
                "mill_id": dmill,
                "season_id": f"{season} + ({dmill} - {mill})",
                "scheme_id": f"{scheme} + ({dmill} - {mill})",
                "created_by_id": f"{dstaff} + 1",
                "issued_by_id": f"CASE WHEN d.status = 'draft' THEN NULL ELSE {dstaff} + 1 END",
                "issued_at": f"CASE WHEN d.status = 'draft' THEN NULL ELSE {issued} END",
                "expected_payment_on": "CASE WHEN d.status = 'draft' THEN NULL ELSE "
                "d.period_end + 2 + 14 END",
                "paid_at": f"CASE WHEN d.status = 'paid' THEN {paid} END",
                # L statement lines, the template's repeated in turn (harvest.models.lines).
                "lines_packed": (
                    f"(SELECT jsonb_agg(lp.lines_packed -> ((p - 1) % {self.t_lines}) "
                    f"ORDER BY p) FROM generate_series(1, {L}) p, harvest_deliveryorder lp "
                    f"WHERE lp.id = {self.t_do})"
                ),
                "created_at": f"{issued} - interval '1 day'",
                "updated_at": f"coalesce(CASE WHEN d.status = 'paid' THEN {paid} END, {issued})",
            },
        )
        step(f"{ND} DOs with {L} lines each")
        self.clone(
            "harvest_weighing",
            f"(SELECT * FROM harvest_weighing WHERE id = "
            f"{self.t_weighing}) t CROSS JOIN bench_do d",
            {
                "id": f"{weighing} + d.d",
                "spta_id": f"{spta} + d.d",
                "delivery_order_id": f"{do} + d.d",
                "rendemen_analysis_id": f"{rendemen} + d.d",
                "recorded_by_id": f"{dstaff} + 2",
                "cut_at": cut,
                "arrived_at": f"{cut} + interval '3 hours'",
                "weighed_at": f"{cut} + interval '4 hours'",
                "created_at": f"{cut} + interval '4 hours'",
                "updated_at": f"{cut} + interval '4 hours'",
            },
        )
        # Nor for a load: filling in its analysis and DO is no change (Weighing.history).
        step(f"{ND} weighings")
        pay = b["harvest_dopayment"]
        self.clone(
            "harvest_dopayment",
            f"(SELECT * FROM harvest_dopayment WHERE id = "
            f"{self.t_payment}) t CROSS JOIN bench_do d JOIN harvest_deliveryorder o ON "
            f"o.id = {do} + d.d WHERE d.status IN ('paid', 'partly_paid')",
            {
                "id": f"{pay} + d.d",
                "delivery_order_id": "o.id",
                "amount": "CASE WHEN d.status = 'paid' THEN o.payable ELSE "
                "round(o.payable / 2, 2) END",
                "paid_on": "(o.issued_at AT TIME ZONE 'Asia/Jakarta')::date + 7 + d.h % 30",
                "reference": "'TRF-' || d.d",
                "recorded_by_id": "o.issued_by_id",
                "created_at": "o.issued_at + (7 + d.h % 30) * interval '1 day'",
                "updated_at": "o.issued_at + (7 + d.h % 30) * interval '1 day'",
            },
        )
        # DO history as the services leave it (tebu_site.history): a row per change, holding
        # what it replaced. The issue replaced the draft; the payment, the issued DO.
        src = f"harvest_deliveryorder t WHERE t.id > {do}"
        self.history(
            "harvest_deliveryorder",
            src + " AND t.status <> 'draft'",
            {
                "history_date": "t.issued_at",
                "history_type": "'~'",
                "history_user_id": "t.issued_by_id",
                "status": "'draft'",
                "issued_at": "NULL",
                "issued_by_id": "NULL",
                "expected_payment_on": "NULL",
                "paid_at": "NULL",
            },
        )
        self.history(
            "harvest_deliveryorder",
            src + " AND t.status IN ('paid', 'partly_paid')",
            {
                "history_date": "t.updated_at",
                "history_type": "'~'",
                "history_user_id": "t.issued_by_id",
                "status": "'issued'",
                "paid_at": "NULL",
            },
        )
        step("payments and DO history (issued, paid)")
        v.__dict__.update({k: x for k, x in locals().items() if k not in ("self", "v")})
