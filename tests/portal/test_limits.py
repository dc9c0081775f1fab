"""The portal's limits are the CLI's (docgen.settings, issue 11): one settings object, read when a portal
config is made and handed whole to the process that checks each upload."""

from __future__ import annotations

import io
from dataclasses import replace

from portal_helpers import make_app


def test_a_config_reads_the_cli_settings_when_it_is_made(monkeypatch):
    from docgen import settings
    from docgen.portal.checker import GRACE_S, backstop
    from docgen.portal.config import PortalConfig

    assert PortalConfig().limits is settings.DEFAULT
    assert PortalConfig().validate_seconds == settings.DEFAULT.time_per_file_s == 60
    changed = settings.Settings(time_per_file_s=7, max_file_mb=3, max_members=40)
    monkeypatch.setattr(settings, "DEFAULT", changed)
    cfg = PortalConfig()
    assert cfg.limits is changed
    assert (cfg.validate_seconds, cfg.max_upload_mb, backstop(cfg.limits)) == (7, 3, 7 + GRACE_S)


def test_a_parser_limit_of_the_config_is_what_the_upload_is_checked_with(config, accounts, token_for, files):
    from docgen.intake import collect_inputs
    from docgen.pipeline import validate_inputs

    limits = replace(config.limits, max_members=3)  # a generated form has ~15 parts
    cli = validate_inputs(collect_inputs([files["good"]]), settings=limits, today=config.today)["files"][0]
    app = make_app(replace(config, limits=limits))
    try:
        from docgen.portal import auth
        from docgen.portal import models as m
        from docgen.portal.service import now

        with app.extensions["docgen_portal"].registry.transaction() as s:
            token, _ = auth.issue_token(s, s.get(m.Account, accounts["county"].id), 1, now())
        resp = app.test_client().post("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"},
                                      data={"file": (io.BytesIO(files["good"].read_bytes()), "申报书.docx")})
        assert resp.status_code == 201
        issues = resp.get_json()["report"]["issues"]
        assert [i["code"] for i in issues] == [i["code"] for i in cli["issues"]] == ["file.zip_bomb"]
        assert "上限 3" in issues[0]["message"]
    finally:
        app.extensions["docgen_portal"].registry.dispose()
    # and with the settings as they are, the same file is valid
    c, h = make_app(config).test_client(), token_for("county")
    ok = c.post("/api/v1/submissions", headers=h, data={"file": (io.BytesIO(files["good"].read_bytes()), "a.docx")})
    assert ok.get_json()["report"]["valid"] is True
