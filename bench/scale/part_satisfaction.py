"""The scale loader's satisfaction surveys: a round per bench mill (a copy of the demo's open
round, same frozen template version), the answers of ``--survey-share`` of the farmers, and the
round's CSI/IPA result (a copy of the demo's, so the dashboard shows a computed round)."""

from __future__ import annotations

from sqlkit import step


class SurveysPart:
    def load_surveys(self) -> None:
        v = self.v
        M, N = v.M, v.N
        b, mill, season, user = v.b, v.mill, v.season, v.user
        m_of_k, staff, farmer = v.m_of_k, v.staff, v.farmer
        t_round = self.one(
            "SELECT r.id FROM surveys_surveyround r JOIN analytics_analysisrun a ON "
            "(a.parameters ->> 'round_id')::bigint = r.id WHERE r.mill_id = %s AND r.season_id = "
            "%s AND a.status = 'succeeded' ORDER BY r.id LIMIT 1",
            [self.t_mill, self.t_season],
        )
        if t_round is None or self.a.survey_share <= 0:
            step("no survey round in the demo to copy (or --survey-share 0): no surveys")
            return
        t_response = self.one(
            "SELECT min(response_id) FROM surveys_surveyanswer a JOIN surveys_surveyresponse r "
            "ON r.id = a.response_id WHERE r.round_id = %s",
            [t_round],
        )
        rnd, resp = self.base("surveys_surveyround"), self.base("surveys_surveyresponse")
        b["surveys_surveyround"], b["surveys_surveyresponse"] = rnd, resp
        self.clone(
            "surveys_surveyround",
            f"(SELECT * FROM surveys_surveyround WHERE id = {t_round}) t "
            f"CROSS JOIN generate_series(1, {M}) g",
            {
                "id": f"{rnd} + g",
                "mill_id": f"{mill} + g",
                "season_id": f"{season} + g",
                "created_by_id": f"{user} + (g - 1) * 3 + 1",
                "closed_by_id": f"CASE WHEN t.closed_by_id IS NULL THEN NULL ELSE "
                f"{user} + (g - 1) * 3 + 1 END",
            },
        )
        every = max(1, round(1 / self.a.survey_share))
        n = self.clone(
            "surveys_surveyresponse",
            f"(SELECT * FROM surveys_surveyresponse WHERE id = {t_response}) t "
            f"CROSS JOIN generate_series({every}, {N}, {every}) k JOIN partners_farmer f "
            f"ON f.id = {farmer} + k",
            {
                "id": f"{resp} + k",
                "round_id": f"{rnd} + {m_of_k}",
                "farmer_id": "f.id",
                "region_id": "f.region_id",
                "respondent_code": "''",
                "partner_type": "f.partner_type",
                "entered_by_id": f"{staff} + 2",
                "updated_by_id": f"{staff} + 2",
            },
        )
        answers = self.clone(
            "surveys_surveyanswer",
            f"surveys_surveyresponse r JOIN surveys_surveyanswer t ON t.response_id = "
            f"{t_response} WHERE r.id > {resp}",
            {"response_id": "r.id"},
            skip=("id",),
        )
        self.clone(
            "analytics_analysisrun",
            f"(SELECT * FROM analytics_analysisrun WHERE status = 'succeeded' AND "
            f"(parameters ->> 'round_id')::bigint = {t_round} ORDER BY id DESC LIMIT 1) t "
            f"CROSS JOIN generate_series(1, {M}) g",
            {
                "parameters": f"jsonb_set(t.parameters, '{{round_id}}', to_jsonb({rnd} + g))",
                "mill_id": f"{mill} + g",
                "season_id": f"{season} + g",
                "requested_by_id": f"{user} + (g - 1) * 3 + 1",
            },
            skip=("id",),
        )
        step(f"{M} survey rounds with {n} responses ({answers} answers) and their CSI/IPA run")
