"""The portal's Flask application factory: `create_app(config)`.

Flask 3: a small WSGI framework with Jinja2 (autoescaped templates) and signed-cookie sessions, so no
session state lives in a worker's memory. Flask-WTF's CSRFProtect: the maintained CSRF check for Flask
(a signed per-session token on every browser POST), rather than our own.

Who is calling is settled before any view runs (`_load_caller`): a session whose account epoch no longer
matches (disabled, password reset) is dead at once. What the caller may see is `docgen.portal.access`.
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass

from flask import Flask, g, jsonify, render_template, request, session
from werkzeug.exceptions import HTTPException

from docgen.portal import access
from docgen.portal import models as m
from docgen.portal.config import PortalConfig, read_secret
from docgen.portal.store import FileStore

_HTTP_TEXT = {400: "请求无效，请返回上一页重试。", 401: "请先登录。", 403: "您的账号无权访问此页面。",
              404: "没有找到该页面或对象：它不存在，或不属于您的单位。", 405: "不支持此操作方式。",
              409: "当前状态不允许此操作。", 413: "上传的文件太大（上限 {max_mb:g} MB），请压缩图片后重新上传。",
              429: "登录失败次数过多，请 15 分钟后再试。", 500: "系统内部错误，已记录。请稍后重试，若反复出现请联系省级管理员。"}


@dataclass
class Portal:
    config: PortalConfig
    registry: object
    store: FileStore


def _hold_registry(db):
    # The app holds the registry for the life of the process; closed at exit.
    from docgen.registry.db import open_registry

    with open_registry(db) as reg:
        yield reg


def create_app(config: PortalConfig | None = None) -> Flask:
    from flask_wtf.csrf import CSRFError, CSRFProtect
    from werkzeug.middleware.proxy_fix import ProxyFix

    cfg = config or PortalConfig.from_env()
    from docgen.portal.checker import warm

    warm()  # before the first request, so the fork of every check inherits loaded readers
    holder = _hold_registry(cfg.db)
    registry = next(holder)
    atexit.register(holder.close)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=read_secret(cfg),
        MAX_CONTENT_LENGTH=int(cfg.max_upload_mb * 1024 * 1024) + 64 * 1024,  # 413 before the body is read
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=cfg.secure_cookies,
        SESSION_COOKIE_NAME="docgen_session", WTF_CSRF_TIME_LIMIT=None,
    )
    app.json.ensure_ascii = False
    app.extensions["docgen_portal"] = Portal(cfg, registry, FileStore(cfg.files))
    if cfg.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=cfg.trusted_proxies, x_proto=cfg.trusted_proxies)
    csrf = CSRFProtect(app)

    import docgen.portal.api_city  # noqa: F401  (its routes join `api` before it is registered)
    from docgen.portal import api_province  # noqa: F401  (adds its routes to `api` before it is registered)
    from docgen.portal.api import api
    from docgen.portal.city import city
    from docgen.portal.expert import expert
    from docgen.portal.filing_views import filing_pages
    from docgen.portal.province import province
    from docgen.portal.review_desk import review_desk
    from docgen.portal.views import pages

    csrf.exempt(api)  # bearer tokens, no cookies: nothing for a forged form to ride on
    app.register_blueprint(pages)
    app.register_blueprint(city)
    app.register_blueprint(filing_pages)
    app.register_blueprint(province)
    app.register_blueprint(api)
    app.register_blueprint(expert)
    app.register_blueprint(review_desk)
    app.before_request(_load_caller)
    app.after_request(_headers)
    app.context_processor(_template_names)

    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        return _error_page(400, "页面已过期或来源不明（安全校验未通过）。请刷新页面后重新提交。")

    @app.errorhandler(access.PortalError)
    def _portal_error(exc):
        return _error_page(exc.status, exc.message, exc.code)

    @app.errorhandler(HTTPException)
    def _http(exc):
        text = _HTTP_TEXT.get(exc.code, "请求无法处理。").format(max_mb=cfg.max_upload_mb)
        return _error_page(exc.code or 500, text)

    @app.errorhandler(Exception)
    def _crash(exc):
        app.logger.exception("unhandled error")
        return _error_page(500, _HTTP_TEXT[500])

    return app


def portal() -> Portal:
    from flask import current_app

    return current_app.extensions["docgen_portal"]


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _error_page(status: int, message: str, code: str | None = None):
    if _is_api():
        codes = {400: "request.invalid", 401: "auth.required", 403: "forbidden", 404: "not_found",
                 405: "method.not_allowed", 409: "state.not_allowed", 413: "file.too_large", 422: "request.unprocessable",
                 429: "auth.throttled", 500: "internal"}
        return jsonify({"error": code or codes.get(status, "error"), "message": message}), status
    return render_template("error.html", status=status, message=message), status


def _load_caller() -> None:
    """g.account: the live account of this request's session or bearer token, else None."""
    from docgen.portal import auth
    from docgen.portal.service import now

    g.account = None
    p = portal()
    if _is_api():
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            with p.registry.reading() as s:
                g.account = auth.account_for_token(s, header[7:].strip(), now())
        return
    account_id, epoch = session.get("account"), session.get("epoch")
    if account_id is None:
        return
    with p.registry.reading() as s:
        account = s.get(m.Account, account_id)
    if account is None or account.disabled or account.epoch != epoch:
        session.clear()  # revoked: disabled or password reset since this session began
        return
    g.account = account


ACTION_TEXT = {"created": "新建", "uploaded": "上传", "version_added": "上传新版本", "submitted": "报送",
               "returned": "退回", "accepted": "受理", "recommended": "推荐", "redrafted": "重新编辑",
               "shortlisted": "入围", "shortlist_saved": "保存入围名单", "spot_checked": "实地抽查",
               "filed": "记入集群名录", "recommendation_made": "生成设区市推荐汇总表",
               "expert_imported": "导入评审专家", "expert_updated": "更新评审专家", "review_assigned": "分配评审专家",
               "score_saved": "保存评分", "review_tallied": "汇总评审结果",
               "publicised": "公示", "recognised": "认定", "not_selected": "未入选", "notice_drafted": "起草公文"}


def _template_names() -> dict:
    from docgen.catalogue import form_ids, programme
    from docgen.schema import load_form

    return {"form_titles": {f: load_form(f).title for f in form_ids()}, "action_text": ACTION_TEXT,
            "measures": programme().measures, "status_text": m.STATUS_TEXT,
            "shown_value": _shown_value, "max_upload_mb": f"{portal().config.max_upload_mb:g}"}


def _shown_value(value) -> str:
    """A criterion's value as a clerk reads it: numbers, a series of numbers; anything else is in the message."""
    from docgen.numfmt import fmt

    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return fmt(value)
    if isinstance(value, list) and value and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return " → ".join(fmt(v) for v in value)
    return ""


def _headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response
